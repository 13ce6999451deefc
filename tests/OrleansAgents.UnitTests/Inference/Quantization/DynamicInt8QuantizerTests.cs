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
    // Measured on the built-in encoder: min cosine 0.99993 over the batch below (per-column scales).
    // The bound leaves room for other CPUs' int8 kernels while still failing on a wrong scale or a transposed weight.
    private const double BuiltInMinCosine = 0.999;

    private static readonly Lazy<byte[]> Source = new(() => EncoderModelGenerator.Generate(EncoderSpec.Default));

    [Fact]
    public void Quantize_WhenBuiltInEncoder_ReplacesEveryConstantWeightMatMulWithTheFusedInt8Op()
    {
        var source = ModelProto.Parser.ParseFrom(Source.Value);
        var weights = source.Graph.Initializer.Where(t => t.Dims.Count == 2).Select(t => t.Name).ToHashSet();
        var weightMatMuls = source.Graph.Node.Count(n => n.OpType == "MatMul" && weights.Contains(n.Input[1]));

        var result = DynamicInt8Quantizer.Quantize(source, Int8QuantizationSettings.Default);

        var graph = result.Model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var fused = graph.Node.Where(n => n.OpType == DynamicInt8Quantizer.FusedOperator).ToList();
        Assert.Equal((weightMatMuls, weightMatMuls, 0), (result.ReplacedNodes, fused.Count, result.KeptNodes));
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
        output.WriteLine($"perColumn={perColumn}: min cosine {cosines.Min():0.000000}, mean {cosines.Average():0.000000}");
        Assert.All(cosines, c => Assert.InRange(c, BuiltInMinCosine, 1.0001));
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
