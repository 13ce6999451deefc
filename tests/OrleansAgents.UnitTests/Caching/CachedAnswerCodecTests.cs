using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

public sealed class CachedAnswerCodecTests
{
    private const int NoCompression = int.MaxValue;

    [Fact]
    public void Deserialize_WhenSerializedPlain_RoundTripsLabelsScoresTokensAndWarnings()
    {
        var answer = new CachedAnswer(
            [
                new LabelScore("positive", 0.123456789f),
                new LabelScore("négatif 😀", -0.5f),
                new LabelScore("", float.Epsilon),
                new LabelScore("neutral", -0f),
                new LabelScore("max", float.MaxValue),
                new LabelScore("nan", BitConverter.Int32BitsToSingle(0x7FC0_1234)),
            ],
            4711,
            ["text truncated to 512 tokens", "中文 ⚠ warnung ü", ""]);

        var copy = CachedAnswerCodec.Deserialize(CachedAnswerCodec.Serialize(answer, NoCompression));

        AssertSameContent(answer, copy);
    }

    [Fact]
    public void Deserialize_WhenAnswerIsEmpty_RoundTrips()
    {
        var answer = new CachedAnswer([], 0, []);

        var copy = CachedAnswerCodec.Deserialize(CachedAnswerCodec.Serialize(answer, NoCompression));

        AssertSameContent(answer, copy);
    }

    [Fact]
    public void Serialize_WhenPlainLengthIsBelowTheThreshold_WritesFormatPlainThenThePlainBody()
    {
        var answer = SmallAnswer();
        var plainLength = CachedAnswerCodec.Measured(answer).SerializedBytes - 1;

        var value = CachedAnswerCodec.Serialize(answer, plainLength + 1);

        Assert.Equal(CachedAnswerCodec.Plain, value[0]);
        Assert.Equal(plainLength + 1, value.Length);
    }

    [Fact]
    public void Serialize_WhenPlainLengthIsExactlyTheThreshold_DoesNotCompress()
    {
        var answer = SmallAnswer();
        var plainLength = CachedAnswerCodec.Measured(answer).SerializedBytes - 1;

        var value = CachedAnswerCodec.Serialize(answer, plainLength);

        Assert.Equal(CachedAnswerCodec.Plain, value[0]);
        Assert.Equal(plainLength + 1, value.Length);
    }

    [Fact]
    public void Serialize_WhenPlainLengthIsOneAboveTheThreshold_Compresses()
    {
        var answer = SmallAnswer();
        var plainLength = CachedAnswerCodec.Measured(answer).SerializedBytes - 1;

        var value = CachedAnswerCodec.Serialize(answer, plainLength - 1);

        Assert.Equal(CachedAnswerCodec.Brotli, value[0]);
        AssertSameContent(answer, CachedAnswerCodec.Deserialize(value));
    }

    [Fact]
    public void Serialize_WhenARepetitiveAnswerIsAboveTheThreshold_WritesASmallerBrotliValue()
    {
        var answer = LargeAnswer();
        var plain = CachedAnswerCodec.Serialize(answer, NoCompression);
        Assert.True(plain.Length > 1024);

        var compressed = CachedAnswerCodec.Serialize(answer, 1024);

        Assert.Equal(CachedAnswerCodec.Brotli, compressed[0]);
        Assert.True(compressed.Length < plain.Length / 2, $"compressed {compressed.Length} bytes, plain {plain.Length}");
    }

    [Fact]
    public void Deserialize_WhenCompressed_ReturnsTheSameAnswerMeasuredByItsPlainLength()
    {
        var answer = LargeAnswer();
        var plainLength = CachedAnswerCodec.Serialize(answer, NoCompression).Length;

        var copy = CachedAnswerCodec.Deserialize(CachedAnswerCodec.Serialize(answer, 1024));

        AssertSameContent(answer, copy);
        Assert.Equal(plainLength, copy.SerializedBytes);
    }

    [Fact]
    public void Deserialize_WhenPlain_SetsSerializedBytesToTheValueLength()
    {
        var value = CachedAnswerCodec.Serialize(SmallAnswer(), NoCompression);

        Assert.Equal(value.Length, CachedAnswerCodec.Deserialize(value).SerializedBytes);
    }

    [Fact]
    public void Measured_Always_SetsSerializedBytesToThePlainLengthPlusTheFormatByte()
    {
        var answer = LargeAnswer();
        var plain = CachedAnswerCodec.Serialize(answer, NoCompression);

        var measured = CachedAnswerCodec.Measured(answer);

        Assert.Equal(plain.Length, measured.SerializedBytes);
        Assert.Equal(0, answer.SerializedBytes);
        AssertSameContent(answer, measured);
    }

    [Fact]
    public void Measured_WhenAnswerIsEmpty_CountsVersionTokenCountAndBothCounts()
    {
        // format + version + token count + warning count + label count
        Assert.Equal(1 + 1 + 4 + 4 + 4, CachedAnswerCodec.Measured(new CachedAnswer([], 0, [])).SerializedBytes);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 1 })]
    public void Deserialize_WhenShorterThanTwoBytes_ThrowsInvalidData(byte[] value)
    {
        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void Deserialize_WhenFormatIsUnknown_ThrowsInvalidData(byte format)
    {
        var value = CachedAnswerCodec.Serialize(SmallAnswer(), NoCompression);
        value[0] = format;

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Fact]
    public void Deserialize_WhenVersionIsUnknown_ThrowsInvalidData()
    {
        var value = CachedAnswerCodec.Serialize(SmallAnswer(), NoCompression);
        value[1] = 2;

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Fact]
    public void Deserialize_WhenPlainBodyIsTruncatedAnywhere_ThrowsInvalidData()
    {
        var value = CachedAnswerCodec.Serialize(SmallAnswer(), NoCompression);

        for (var length = 2; length < value.Length; length++)
        {
            var truncated = value[..length];
            var ex = Record.Exception(() => CachedAnswerCodec.Deserialize(truncated));
            Assert.True(ex is InvalidDataException, $"length {length}: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Deserialize_WhenBrotliBodyIsTruncated_ThrowsInvalidData()
    {
        var value = CachedAnswerCodec.Serialize(LargeAnswer(), 1024);
        Assert.Equal(CachedAnswerCodec.Brotli, value[0]);

        var truncated = value[..(value.Length / 2)];

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(truncated));
    }

    [Fact]
    public void Deserialize_WhenBrotliBodyIsGarbage_ThrowsInvalidData()
    {
        byte[] value = [CachedAnswerCodec.Brotli, .. Enumerable.Repeat((byte)0xFF, 64)];

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Fact]
    public void Deserialize_WhenAStringLengthIsMalformed_ThrowsInvalidData()
    {
        // One warning whose 7-bit-encoded length never terminates.
        byte[] value = [CachedAnswerCodec.Plain, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    [InlineData(100_000_000)]
    public void Deserialize_WhenAWarningCountIsCorrupt_ThrowsInvalidData(int count)
    {
        var value = CachedAnswerCodec.Serialize(new CachedAnswer([], 1, []), NoCompression);
        BitConverter.TryWriteBytes(value.AsSpan(1 + 1 + 4, 4), count); // format, version, token count, then the warning count

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    [InlineData(100_000_000)]
    public void Deserialize_WhenALabelCountIsCorrupt_ThrowsInvalidData(int count)
    {
        var value = CachedAnswerCodec.Serialize(new CachedAnswer([], 1, []), NoCompression);
        BitConverter.TryWriteBytes(value.AsSpan(1 + 1 + 4 + 4, 4), count);

        Assert.Throws<InvalidDataException>(() => CachedAnswerCodec.Deserialize(value));
    }

    private static CachedAnswer SmallAnswer()
        => new([new LabelScore("positive", 0.8f), new LabelScore("negative", 0.1f)], 12, ["short"]);

    private static CachedAnswer LargeAnswer()
        => new(
            [.. Enumerable.Range(0, 200).Select(i => new LabelScore($"category-label-number-{i % 10}", 0.25f))],
            512,
            [.. Enumerable.Repeat("the same warning repeated over and over", 10)]);

    private static void AssertSameContent(CachedAnswer expected, CachedAnswer actual)
    {
        Assert.Equal(expected.TokenCount, actual.TokenCount);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.Labels.Select(l => l.Label), actual.Labels.Select(l => l.Label));
        Assert.Equal(
            expected.Labels.Select(l => BitConverter.SingleToInt32Bits(l.Score)),
            actual.Labels.Select(l => BitConverter.SingleToInt32Bits(l.Score)));
    }
}
