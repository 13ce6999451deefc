using Microsoft.ML.OnnxRuntime;
using OrleansAgents.Inference.Model;

namespace OrleansAgents.Tests.Inference;

/// <summary>
/// Tests for the built-in ONNX encoder: deterministic generation, the model contract seen by a
/// real ONNX Runtime session, masking behaviour, the FLOP estimate and the file cache.
/// </summary>
public sealed class EncoderModelGeneratorTests
{
    // Generating the default model takes a moment; every test reads the same immutable bytes.
    private static readonly Lazy<byte[]> DefaultModel = new(() => EncoderModelGenerator.Generate(EncoderSpec.Default));

    [Fact]
    public void Generate_WhenCalledTwiceWithSameSpec_ReturnsIdenticalBytes()
    {
        var first = EncoderModelGenerator.Generate(EncoderSpec.Default);
        var second = EncoderModelGenerator.Generate(EncoderSpec.Default with { });

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_WhenSeedDiffers_ReturnsDifferentBytes()
    {
        var reseeded = EncoderModelGenerator.Generate(EncoderSpec.Default with { Seed = EncoderSpec.Default.Seed + 1 });

        Assert.NotEqual(DefaultModel.Value, reseeded);
    }

    [Fact]
    public void Fingerprint_WhenSeedDiffers_Differs()
    {
        var fingerprint = EncoderSpec.Default.Fingerprint;

        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
        Assert.Equal(fingerprint, (EncoderSpec.Default with { }).Fingerprint);
        Assert.NotEqual(fingerprint, (EncoderSpec.Default with { Seed = 1 }).Fingerprint);
    }

    [Fact]
    public void InferenceSession_WhenModelLoaded_ExposesNamedDynamicInputsAndOutput()
    {
        using var session = new InferenceSession(DefaultModel.Value);

        Assert.Equal(["input_ids", "attention_mask"], session.InputMetadata.Keys.ToArray());
        foreach (var input in session.InputMetadata.Values)
        {
            Assert.Equal(typeof(long), input.ElementType);
            Assert.Equal([-1, -1], input.Dimensions);
            Assert.Equal(["batch", "sequence"], input.SymbolicDimensions);
        }

        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("last_hidden_state", output.Key);
        Assert.Equal(typeof(float), output.Value.ElementType);
        Assert.Equal([-1, -1, EncoderSpec.Default.Hidden], output.Value.Dimensions);
        Assert.Equal(["batch", "sequence", string.Empty], output.Value.SymbolicDimensions);
    }

    [Fact]
    public void Run_WhenBatch3Sequence7_ReturnsFiniteHiddenStatesOfExpectedShape()
    {
        const int Batch = 3;
        const int Sequence = 7;
        var ids = new long[Batch * Sequence];
        var mask = new long[Batch * Sequence];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (i * 389L) % EncoderSpec.Default.VocabSize;

            // Row 0 full, rows 1 and 2 end in padding.
            mask[i] = (i % Sequence) < Sequence - (i / Sequence) ? 1 : 0;
        }

        using var session = new InferenceSession(DefaultModel.Value);
        var (shape, values) = Run(session, ids, mask, Batch, Sequence);

        Assert.Equal([Batch, Sequence, EncoderSpec.Default.Hidden], shape);
        Assert.Equal(Batch * Sequence * EncoderSpec.Default.Hidden, values.Length);
        Assert.All(values, value => Assert.True(float.IsFinite(value), $"non-finite value {value}"));
    }

    [Fact]
    public void Run_WhenSequencePaddedWithMaskedTokens_MeanPooledEmbeddingIsUnchanged()
    {
        long[] tokens = [101, 7, 2048, 555, 31, 8000, 12];
        const int PaddedLength = 12;
        var hidden = EncoderSpec.Default.Hidden;
        using var session = new InferenceSession(DefaultModel.Value);

        var unpadded = PooledEmbedding(session, tokens, paddedLength: tokens.Length, maskPads: true);
        var padded = PooledEmbedding(session, tokens, PaddedLength, maskPads: true);

        Assert.Equal(hidden, padded.Length);
        for (var i = 0; i < hidden; i++)
        {
            Assert.Equal(unpadded[i], padded[i], 1e-4f);
        }
    }

    [Fact]
    public void Run_WhenPadsAreNotMasked_MeanPooledEmbeddingChanges()
    {
        // Control for the padding test above: it only means something if attention does reach
        // the padded positions when the mask lets it.
        long[] tokens = [101, 7, 2048, 555, 31, 8000, 12];
        using var session = new InferenceSession(DefaultModel.Value);

        var unpadded = PooledEmbedding(session, tokens, paddedLength: tokens.Length, maskPads: true);
        var unmaskedPads = PooledEmbedding(session, tokens, paddedLength: 12, maskPads: false);

        var maxDifference = unpadded.Zip(unmaskedPads, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference > 1e-3f, $"max difference {maxDifference}");
    }

    [Fact]
    public void Run_WhenTextsShareTokens_PooledEmbeddingsAreMoreSimilarThanForDisjointTexts()
    {
        long[] text = [15, 230, 4096, 77, 1999, 3021];
        long[] sharingFive = [15, 230, 4096, 77, 1999, 6500];
        long[] disjoint = [812, 5140, 36, 7777, 402, 2600];
        using var session = new InferenceSession(DefaultModel.Value);

        var anchor = PooledEmbedding(session, text, text.Length, maskPads: true);
        var similar = Cosine(anchor, PooledEmbedding(session, sharingFive, sharingFive.Length, maskPads: true));
        var unrelated = Cosine(anchor, PooledEmbedding(session, disjoint, disjoint.Length, maskPads: true));

        Assert.True(similar > unrelated + 0.3, $"shared {similar}, disjoint {unrelated}");
    }

    [Fact]
    public void EstimateFlops_WhenDefaultSpecAndSequence32_ReturnsDocumentedFormulaValue()
    {
        // L * (8*S*H^2 + 4*S^2*H + 4*S*H*F) = 4 * (4,194,304 + 524,288 + 8,388,608).
        var flops = EncoderSpec.Default.EstimateFlops(32);

        Assert.Equal(52_428_800L, flops);
        Assert.InRange(flops, 10_000_000L, 100_000_000L);
    }

    [Fact]
    public void EnsureModel_WhenCalledTwice_WritesFileOnceAndReturnsSamePath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "encoder-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = EncoderModelGenerator.EnsureModel(directory, EncoderSpec.Default);

            Assert.Equal(Path.Combine(directory, $"builtin-encoder-{EncoderSpec.Default.Fingerprint}.onnx"), path);
            Assert.Equal(DefaultModel.Value, File.ReadAllBytes(path));

            // A rewrite would move the timestamp off this marker, without depending on clock resolution.
            var marker = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, marker);

            var again = EncoderModelGenerator.EnsureModel(directory, EncoderSpec.Default);

            Assert.Equal(path, again);
            Assert.Equal(marker, File.GetLastWriteTimeUtc(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task EnsureModel_WhenCalledConcurrently_PublishesOneCompleteFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "encoder-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = await Task.WhenAll(Enumerable.Range(0, 4)
                .Select(_ => Task.Run(() => EncoderModelGenerator.EnsureModel(directory, EncoderSpec.Default))));

            var expected = Path.Combine(directory, $"builtin-encoder-{EncoderSpec.Default.Fingerprint}.onnx");
            Assert.All(paths, path => Assert.Equal(expected, path));
            Assert.Equal([expected], Directory.GetFiles(directory));
            Assert.Equal(DefaultModel.Value, File.ReadAllBytes(expected));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Validate_WhenHiddenNotDivisibleByHeads_ThrowsNamingHidden()
    {
        var spec = EncoderSpec.Default with { Hidden = 130, Heads = 4 };

        var exception = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Equal(nameof(EncoderSpec.Hidden), exception.ParamName);
    }

    [Theory]
    [InlineData(nameof(EncoderSpec.VocabSize))]
    [InlineData(nameof(EncoderSpec.Hidden))]
    [InlineData(nameof(EncoderSpec.Layers))]
    [InlineData(nameof(EncoderSpec.Heads))]
    [InlineData(nameof(EncoderSpec.FfnDim))]
    [InlineData(nameof(EncoderSpec.MaxPositions))]
    public void Validate_WhenSizeIsZero_ThrowsNamingProperty(string property)
    {
        var spec = property switch
        {
            nameof(EncoderSpec.VocabSize) => EncoderSpec.Default with { VocabSize = 0 },
            nameof(EncoderSpec.Hidden) => EncoderSpec.Default with { Hidden = 0 },
            nameof(EncoderSpec.Layers) => EncoderSpec.Default with { Layers = 0 },
            nameof(EncoderSpec.Heads) => EncoderSpec.Default with { Heads = 0 },
            nameof(EncoderSpec.FfnDim) => EncoderSpec.Default with { FfnDim = 0 },
            _ => EncoderSpec.Default with { MaxPositions = 0 },
        };

        var exception = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Equal(property, exception.ParamName);
    }

    private static (long[] Shape, float[] Values) Run(InferenceSession session, long[] ids, long[] mask, int batch, int sequence)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, sequence]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, sequence]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(
            runOptions,
            ["input_ids", "attention_mask"],
            [idsValue, maskValue],
            ["last_hidden_state"]);
        var output = outputs[0];
        return (output.GetTensorTypeAndShape().Shape, output.GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>Runs one sequence padded with id 0 to <paramref name="paddedLength"/> and mean-pools the unmasked tokens.</summary>
    private static float[] PooledEmbedding(InferenceSession session, long[] tokens, int paddedLength, bool maskPads)
    {
        var ids = new long[paddedLength];
        var mask = new long[paddedLength];
        tokens.CopyTo(ids, 0);
        for (var i = 0; i < paddedLength; i++)
        {
            mask[i] = i < tokens.Length || !maskPads ? 1 : 0;
        }

        var (_, values) = Run(session, ids, mask, 1, paddedLength);
        var hidden = EncoderSpec.Default.Hidden;
        var pooled = new float[hidden];

        // Pool over the real tokens only, as a caller would with its attention mask.
        for (var token = 0; token < tokens.Length; token++)
        {
            for (var i = 0; i < hidden; i++)
            {
                pooled[i] += values[(token * hidden) + i] / tokens.Length;
            }
        }

        return pooled;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / Math.Sqrt(normA * normB);
    }
}
