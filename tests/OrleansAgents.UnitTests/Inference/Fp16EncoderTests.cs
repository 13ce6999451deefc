using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using OrleansAgents.Inference;
using OrleansAgents.Inference.Model;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

/// <summary>The float16 variant of the built-in encoder: its signature, its cache file, and what the CPU provider makes of it.</summary>
public sealed class Fp16EncoderTests
{
    private static readonly EncoderSpec Fp16Spec = EncoderSpec.Default with { Float16 = true };

    [Fact]
    public void Fingerprint_WhenFloat16_DiffersAndFloat32IsUnchanged()
    {
        Assert.NotEqual(EncoderSpec.Default.Fingerprint, Fp16Spec.Fingerprint);
        // The float32 digest predates the flag: existing caches keep their file.
        Assert.Equal(EncoderSpec.Default.Fingerprint, (EncoderSpec.Default with { Float16 = false }).Fingerprint);
    }

    [Fact]
    public void InferenceSession_WhenFloat16ModelLoaded_HasTheFloat32Signature()
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(EncoderModelGenerator.Generate(Fp16Spec), options);

        Assert.Equal(["input_ids", "attention_mask"], session.InputMetadata.Keys.ToArray());
        Assert.All(session.InputMetadata.Values, input => Assert.Equal(typeof(long), input.ElementType));
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal(("last_hidden_state", typeof(float)), (output.Key, output.Value.ElementType));
    }

    [Fact]
    public void Embed_WhenFloat16AndFloat32OnCpu_AgreeWithCosineAtLeast099()
    {
        string[] texts = ["sql injection in the login form", "hardcoded secret", "a much longer text about path traversal in uploads"];
        using var fp32 = Create(NamedModels.BuiltInTiny);
        using var fp16 = Create(NamedModels.BuiltInTinyFp16);

        var tokens = texts.Select(t => fp32.Encoder.Encode(t, 128)).ToArray();
        var expected = fp32.Embed(tokens).Vectors;
        var actual = fp16.Embed(tokens).Vectors;

        Assert.Equal(NamedModels.BuiltInTinyFp16, fp16.Description.Name);
        Assert.NotEqual(fp32.ModelPath, fp16.ModelPath);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.InRange(TensorPrimitives.CosineSimilarity(expected[i], actual[i]), 0.99f, 1.0001f);
        }
    }

    private static EmbeddingModel Create(string model)
        => new EmbeddingModelFactory(Options.Create(new InferenceOptions { CacheDirectory = TestPaths.ModelCache, Model = model })).Create("cpu");
}
