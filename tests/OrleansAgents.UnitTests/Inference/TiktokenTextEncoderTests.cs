using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Inference;

public sealed class TiktokenTextEncoderTests
{
    private readonly TiktokenTextEncoder _encoder = new(8192);

    [Fact]
    public void Encode_WhenShortText_WrapsIdsInClsAndSepWithinVocabulary()
    {
        var tokens = _encoder.Encode("check this SQL query", 128);
        Assert.False(tokens.Truncated);
        Assert.Equal(TiktokenTextEncoder.ClsId, tokens.Ids[0]);
        Assert.Equal(TiktokenTextEncoder.SepId, tokens.Ids[^1]);
        Assert.All(tokens.Ids[1..^1], id => Assert.InRange(id, 3, 8191));
        Assert.Equal(6, tokens.Ids.Length);
    }

    [Fact]
    public void Encode_WhenTextLongerThanMax_TruncatesToMaxAndSaysSo()
    {
        var tokens = _encoder.Encode(string.Join(' ', Enumerable.Repeat("word", 500)), 16);
        Assert.True(tokens.Truncated);
        Assert.Equal(16, tokens.Ids.Length);
        Assert.Equal(TiktokenTextEncoder.SepId, tokens.Ids[^1]);
    }

    [Fact]
    public void Encode_WhenLongTextWithoutSpaces_EncodesOnlyThePrefixThatCanHoldMaxTokens()
    {
        // 60 KB in one word took seconds of BPE (quadratic in the word's length) before the prefix cap; the fuzz test found it.
        var text = new string('x', 60_000);
        var prefix = text[..(128 * TiktokenTextEncoder.MaxCharsPerToken)];

        var tokens = _encoder.Encode(text, 128);

        Assert.True(tokens.Truncated);
        Assert.Equal(128, tokens.Ids.Length);
        Assert.Equal(_encoder.Encode(prefix, 128).Ids, tokens.Ids);
    }

    [Fact]
    public void Encode_WhenTextFitsThePrefix_ProducesTheSameIdsAsWhenLonger()
    {
        var text = string.Join(' ', Enumerable.Repeat("select * from users where id = '1' or 1=1", 40));
        Assert.Equal(_encoder.Encode(text[..200], 16).Ids, _encoder.Encode(text, 16).Ids);
        Assert.False(_encoder.Encode(text[..20], 16).Truncated);
    }

    [Theory]
    [InlineData("ab\uD83D\uDE00cd", 3, "ab")]
    [InlineData("ab\uD83D\uDE00cd", 4, "ab\uD83D\uDE00")]
    [InlineData("abc", 5, "abc")]
    public void Clip_WhenLimitFallsInsideASurrogatePair_StopsBeforeIt(string text, long limit, string expected)
        => Assert.Equal(expected, TiktokenTextEncoder.Clip(text, limit));

    [Fact]
    public void Encode_WhenCaseDiffers_ProducesSameIds()
        => Assert.Equal(_encoder.Encode("SQL Injection", 32).Ids, _encoder.Encode("sql injection", 32).Ids);

    [Theory]
    [InlineData(0, 3)]
    [InlineData(8188, 8191)]
    [InlineData(8189, 3)]
    [InlineData(100_000, 3 + (100_000 % 8189))]
    public void MapId_WhenTiktokenId_FoldsIntoWordRange(int tiktokenId, int expected)
        => Assert.Equal(expected, _encoder.MapId(tiktokenId));
}
