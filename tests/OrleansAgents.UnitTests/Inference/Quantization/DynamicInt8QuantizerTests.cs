using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OrleansAgents.Inference.Model;
using OrleansAgents.Inference.Quantization;
using OrleansAgents.Inference.Quantization.Onnx;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Inference.Quantization;

/// <summary>The int8 rewrite on the built-in generated encoder: what it replaces, and how close its outputs stay.</summary>
public sealed class DynamicInt8QuantizerTests(ITestOutputHelper output)
{
    // Measured: 1 - 3.4e-7 at worst over the batch below, either granularity. The built-in encoder's token embeddings
    // dominate its residual stream, so its pooled outputs move little; 1e-5 leaves a 30x margin for other CPUs' kernels.
    // Wrong scales or transposed weights are caught by the linear-layers test, which compares the products themselves.
    private const double BuiltInMinCosine = 0.99999;

    private static readonly Lazy<byte[]> Source = new(() => EncoderModelGenerator.Generate(EncoderSpec.Default));

    [Fact]
    public void Quantize_WhenBuiltInEncoder_ReplacesEveryConstantWeightMatMulWithTheFusedInt8Op()
    {
        var source = ModelProto.Parser.ParseFrom(Source.Value);
        var weights = source.Graph.Initializer.Where(t => t.Dims.Count == 2).Select(t => t.Name).ToHashSet();
        var weightMatMuls = source.Graph.Node.Count(n => n.OpType == "MatMul" && weights.Contains(n.Input[1]));
        var activationMatMuls = EncoderSpec.Default.Layers * 2; // attention scores and context: no weight to quantize

        var result = DynamicInt8Quantizer.Quantize(source, Int8QuantizationSettings.Default);

        var graph = result.Model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var fused = graph.Node.Where(n => n.OpType == DynamicInt8Quantizer.FusedOperator).ToList();
        Assert.Equal((weightMatMuls, weightMatMuls, activationMatMuls), (result.ReplacedNodes, fused.Count, result.KeptNodes));
        Assert.Equal(weightMatMuls, result.FusedBiases);
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]));
        Assert.All(fused, n => Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[n.Input[1]].DataType));
        Assert.All(fused, n => Assert.Equal(initializers[n.Input[1]].Dims[1], initializers[n.Input[2]].Dims.Single()));
        Assert.DoesNotContain(weights.Where(w => !w.StartsWith("embeddings.", StringComparison.Ordinal)), initializers.ContainsKey);
        Assert.Contains(result.Model.OpsetImport, o => o is { Domain: DynamicInt8Quantizer.MicrosoftDomain, Version: 1 });
        Assert.Contains(graph.Node, n => n.OpType == "Gather");
    }

    [Fact]
    public void Quantize_WhenBuiltInEncoder_LeavesTheSourceModelUnchanged()
    {
        var source = ModelProto.Parser.ParseFrom(Source.Value);

        DynamicInt8Quantizer.Quantize(source, Int8QuantizationSettings.Default);

        Assert.Equal(Source.Value.Length, source.ToByteArray().Length);
        Assert.Equal(ModelProto.Parser.ParseFrom(Source.Value), source);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Quantize_WhenBuiltInEncoderRunsInOnnxRuntime_PooledOutputsKeepTheirDirection(bool perColumn)
    {
        var quantized = DynamicInt8Quantizer.Quantize(ModelProto.Parser.ParseFrom(Source.Value), new Int8QuantizationSettings(PerColumn: perColumn)).Model.ToByteArray();

        var expected = PooledOutputs(Source.Value);
        var actual = PooledOutputs(quantized);

        var cosines = expected.Zip(actual, Cosine).ToArray();
        output.WriteLine($"perColumn={perColumn}: min cosine 1 - {1 - cosines.Min():E2}, mean 1 - {1 - cosines.Average():E2}");
        Assert.All(cosines, c => Assert.InRange(c, BuiltInMinCosine, 1.0001));
    }

    [Fact]
    public void Quantize_WhenMatMulWithBiasFeedsATransposedGemm_MatchesTheFloatProducts()
    {
        var source = LinearLayers();

        var quantized = DynamicInt8Quantizer.Quantize(ModelProto.Parser.ParseFrom(source), Int8QuantizationSettings.Default);

        Assert.Equal((2, 1, 0), (quantized.ReplacedNodes, quantized.FusedBiases, quantized.KeptNodes));
        var input = new DenseTensor<float>(Enumerable.Range(0, 4 * 64).Select(i => MathF.Sin(i * 0.37f)).ToArray(), [4, 64]);
        var expected = RunLinear(source, input);
        var actual = RunLinear(quantized.Model.ToByteArray(), input);
        var scale = expected.Max(MathF.Abs);
        var error = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max() / scale;
        output.WriteLine($"largest error {error:P3} of the largest output");

        // Measured 0.76 %: 8-bit weights and activations each round to half a step of 1/127 of their range.
        Assert.InRange(error, 0, 0.02);
    }

    [Fact]
    public void ParseAndWrite_WhenModelIsUnchanged_GivesTheSameOutputs()
    {
        var rewritten = ModelProto.Parser.ParseFrom(Source.Value).ToByteArray();

        Assert.Equal(PooledOutputs(Source.Value), PooledOutputs(rewritten));
    }

    /// <summary>Mean-pooled <c>last_hidden_state</c> of a fixed batch of token ids, the last rows partly padded.</summary>
    internal static float[][] PooledOutputs(byte[] model)
    {
        const int Batch = 8;
        const int Length = 24;
        var spec = EncoderSpec.Default;
        var random = new Random(16);
        var ids = new DenseTensor<long>([Batch, Length]);
        var mask = new DenseTensor<long>([Batch, Length]);
        for (var b = 0; b < Batch; b++)
        {
            var real = Length - (b * 2);
            for (var s = 0; s < Length; s++)
            {
                (ids[b, s], mask[b, s]) = s < real ? (random.Next(spec.VocabSize), 1L) : (0L, 0L);
            }
        }

        using var session = new InferenceSession(model);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(EncoderModelGenerator.InputIdsName, ids),
            NamedOnnxValue.CreateFromTensor(EncoderModelGenerator.AttentionMaskName, mask),
        ]);
        var states = results.Single().AsTensor<float>();
        return [.. Enumerable.Range(0, Batch).Select(b =>
        {
            var pooled = new float[spec.Hidden];
            var count = 0;
            for (var s = 0; s < Length; s++)
            {
                if (mask[b, s] == 1)
                {
                    count++;
                    for (var h = 0; h < spec.Hidden; h++)
                    {
                        pooled[h] += states[b, s, h];
                    }
                }
            }

            return pooled.Select(x => x / count).ToArray();
        })];
    }

    /// <summary>x [B, 64] · W1 [64, 32] + b1, then Gemm with a transposed W2 [16, 32] and bias b2 [16].</summary>
    private static byte[] LinearLayers()
    {
        var random = new Random(3);
        float[] Values(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", OnnxGraphBuilder.FloatType, OnnxTensorDim.Symbolic("batch"), OnnxTensorDim.Fixed(64));
        var w1 = graph.AddInitializer("w1", [64, 32], Values(64 * 32));
        var b1 = graph.AddInitializer("b1", [32], Values(32));
        var w2 = graph.AddInitializer("w2", [16, 32], Values(16 * 32));
        var b2 = graph.AddInitializer("b2", [16], Values(16));
        var hidden = graph.AddNode("Add", [graph.AddNode("MatMul", ["x", w1], "h.matmul"), b1], "h");
        graph.AddNode("Gemm", [hidden, w2, b2], "y", OnnxGraphBuilder.IntAttribute("transB", 1));
        graph.AddOutput("y", OnnxGraphBuilder.FloatType, OnnxTensorDim.Symbolic("batch"), OnnxTensorDim.Fixed(16));
        return graph.BuildModel("linear", 8, 17, "tests", "1", string.Empty);
    }

    private static float[] RunLinear(byte[] model, DenseTensor<float> input)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
        return [.. results.Single().AsTensor<float>()];
    }

    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            (dot, na, nb) = (dot + ((double)a[i] * b[i]), na + ((double)a[i] * a[i]), nb + ((double)b[i] * b[i]));
        }

        return dot / Math.Sqrt(na * nb);
    }
}
