using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Inference.Quantization;

/// <summary>The state of one <see cref="DynamicInt8Quantizer"/> pass over a graph: which nodes become fused int8 nodes.</summary>
internal sealed class GraphRewrite(GraphProto graph, Dictionary<string, TensorProto> constants, Int8QuantizationSettings settings)
{
    private readonly ILookup<string, NodeProto> _consumers = graph.Node
        .SelectMany(n => n.Input.Distinct().Select(i => (Input: i, Node: n)))
        .ToLookup(x => x.Input, x => x.Node, StringComparer.Ordinal);

    private readonly HashSet<string> _graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Values, string Scales, string ZeroPoints)> _quantized = new(StringComparer.Ordinal);

    /// <summary>Add nodes folded into a quantized node as its bias; they are dropped.</summary>
    public HashSet<NodeProto> Absorbed { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The int8 weights, scales and zero points to add.</summary>
    public List<TensorProto> NewInitializers { get; } = [];

    /// <summary>Float weights and biases that were replaced: removed unless something else still reads them.</summary>
    public HashSet<string> Candidates { get; } = new(StringComparer.Ordinal);

    /// <summary>MatMul outputs that no longer exist because their Add was folded in.</summary>
    public HashSet<string> FoldedOutputs { get; } = new(StringComparer.Ordinal);

    public int Replaced { get; private set; }

    public int FusedBiases { get; private set; }

    public int Kept { get; private set; }

    /// <summary>The fused int8 node that replaces <paramref name="node"/>, or null to keep it.</summary>
    public NodeProto? TryReplace(NodeProto node)
    {
        if (node.Domain is not ("" or "ai.onnx") || node.OpType is not ("MatMul" or "Gemm"))
        {
            return null;
        }

        var gemm = node.OpType == "Gemm";
        if (node.Input.Count < 2 || !constants.TryGetValue(node.Input[1], out var weight) || !IsFloat(weight, 2)
            || (gemm && !IsPlainGemm(node)))
        {
            Kept++;
            return null;
        }

        var transposed = gemm && Attribute(node, "transB", 0) != 0;
        var (rows, columns) = ((int)weight.Dims[0], (int)weight.Dims[1]);
        var bias = gemm ? GemmBias(node, transposed ? rows : columns) : string.Empty;
        if (bias is null || Int8Weights.ReadFloats(weight) is not { } values)
        {
            Kept++;
            return null;
        }

        var output = node.Output[0];
        if (!gemm && settings.FuseBias && FollowingBias(output, columns) is var (add, addBias))
        {
            (bias, output) = (addBias, add.Output[0]);
            Absorbed.Add(add);
            FoldedOutputs.Add(node.Output[0]);
            Candidates.Add(addBias);
            FusedBiases++;
        }

        var (q, scales, zeroPoints) = QuantizeOnce(weight.Name, values, rows, columns, transposed);
        Candidates.Add(weight.Name);
        Replaced++;
        var fused = new NodeProto { OpType = DynamicInt8Quantizer.FusedOperator, Domain = DynamicInt8Quantizer.MicrosoftDomain, Name = node.Name + "_int8" };
        fused.Input.AddRange([node.Input[0], q, scales, zeroPoints]);
        if (bias.Length > 0)
        {
            fused.Input.Add(bias);
        }

        fused.Output.Add(output);
        return fused;
    }

    private (string Values, string Scales, string ZeroPoints) QuantizeOnce(string name, float[] values, int rows, int columns, bool transposed)
    {
        var key = transposed ? name + "_transposed" : name;
        if (_quantized.TryGetValue(key, out var names))
        {
            return names;
        }

        if (transposed)
        {
            // Gemm's transB weight is [N, K]; the fused op wants [K, N].
            values = Transpose(values, rows, columns);
            (rows, columns) = (columns, rows);
        }

        var (q, scales) = Int8Weights.Quantize(values, rows, columns, settings.PerColumn, settings.ReduceRange);
        long[] scaleDims = settings.PerColumn ? [columns] : [];
        names = (key + "_int8", key + "_scale", key + "_zero_point");
        NewInitializers.Add(Int8Weights.Int8Tensor(names.Values, q, rows, columns));
        NewInitializers.Add(Int8Weights.FloatTensor(names.Scales, scales, scaleDims));
        NewInitializers.Add(Int8Weights.Int8Tensor(names.ZeroPoints, new sbyte[scales.Length], scaleDims));
        _quantized[key] = names;
        return names;
    }

    /// <summary>The single Add that reads <paramref name="output"/> with a constant [N] float bias, if any.</summary>
    private (NodeProto Add, string Bias)? FollowingBias(string output, int columns)
    {
        if (_graphOutputs.Contains(output) || _consumers[output].ToList() is not [{ OpType: "Add", Domain: "" or "ai.onnx" } add]
            || add.Input.Count != 2)
        {
            return null;
        }

        var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return other != output && constants.TryGetValue(other, out var bias) && IsFloat(bias, 1) && bias.Dims[0] == columns
            ? (add, other)
            : null;
    }

    /// <summary>Gemm's bias input as the fused op's [N] bias ("" for none), or null when the fused op cannot express it.</summary>
    private string? GemmBias(NodeProto node, int columns)
    {
        if (node.Input.Count < 3 || node.Input[2].Length == 0)
        {
            return string.Empty;
        }

        return AttributeFloat(node, "beta", 1f) == 1f && constants.TryGetValue(node.Input[2], out var c) && IsFloat(c, 1) && c.Dims[0] == columns
            ? node.Input[2]
            : null;
    }

    // The fused op computes A·B (+ bias): Gemm's transA and alpha have no counterpart.
    private static bool IsPlainGemm(NodeProto node) => Attribute(node, "transA", 0) == 0 && AttributeFloat(node, "alpha", 1f) == 1f;

    private static bool IsFloat(TensorProto tensor, int rank)
        => tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == rank && tensor.Dims.All(d => d > 0);

    private static long Attribute(NodeProto node, string name, long fallback)
        => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static float AttributeFloat(NodeProto node, string name, float fallback)
        => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
