using Microsoft.ML.OnnxRuntime;
using OrleansAgents.Inference;
using OrleansAgents.Inference.Model;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

/// <summary>
/// The I/O-binding path GPUs use, run with ONNX Runtime's CPU allocator: it must return exactly the vectors of the
/// array path, reusing its buffers across batches of other shapes and across concurrent runs.
/// </summary>
public sealed class BoundModelRunnerTests
{
    private static readonly string[] Texts =
    [
        "sql injection in the login form", "hardcoded secret", "a much longer text about path traversal in file uploads",
        "weak cryptography", "cross-site scripting in comments", "x",
    ];

    [Fact]
    public void Embed_WhenBoundToNativeBuffers_ReturnsExactlyTheArrayPathsVectors()
    {
        using var arrays = Create(HostBuffers.Managed);
        using var bound = Create(HostBuffers.Native);
        var tokens = Texts.Select(t => arrays.Encoder.Encode(t, 128)).ToArray();

        // Large batch first, then smaller and longer ones: the lane's buffers are reused and grown.
        foreach (var batch in new[] { tokens, tokens[..2], tokens[2..3], tokens })
        {
            var expected = arrays.Embed(batch);
            var actual = bound.Embed(batch);

            Assert.Equal(HostBuffers.Native, bound.Buffers);
            Assert.Equal(expected.PaddingRatio, actual.PaddingRatio);
            Assert.Equal(expected.Vectors.Length, actual.Vectors.Length);
            for (var i = 0; i < expected.Vectors.Length; i++)
            {
                Assert.Equal(expected.Vectors[i], actual.Vectors[i]);
            }
        }
    }

    [Fact]
    public async Task Embed_WhenRunsOverlap_EachGetsItsOwnLaneAndExactVectors()
    {
        using var arrays = Create(HostBuffers.Managed);
        using var bound = Create(HostBuffers.Native);
        var batches = Texts.Select(t => new[] { arrays.Encoder.Encode(t, 128) }).ToArray();
        var expected = batches.Select(b => arrays.Embed(b).Vectors[0]).ToArray();

        var actual = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => bound.Embed(batches[i % batches.Length]).Vectors[0])));

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % expected.Length], actual[i]);
        }
    }

    private static EmbeddingModel Create(HostBuffers buffers)
    {
        var path = EncoderModelGenerator.EnsureModel(TestPaths.ModelCache, EncoderSpec.Default);
        var session = new InferenceSession(path);
        return new EmbeddingModel(session, new TiktokenTextEncoder(EncoderSpec.Default.VocabSize), "cpu", path, "CPUExecutionProvider", NamedModels.BuiltIn, buffers);
    }
}
