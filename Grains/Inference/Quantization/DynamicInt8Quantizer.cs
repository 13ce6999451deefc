using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Inference.Quantization;

/// <summary>
/// Dynamic int8 quantization of an ONNX model: every MatMul (and plain Gemm) whose weight is a constant 2-D float
/// initializer becomes ONNX Runtime's <c>com.microsoft</c> <c>DynamicQuantizeMatMul</c>, which quantizes the
/// activations to uint8 per run and multiplies them with the int8 weights stored here (symmetric, zero point 0).
/// Everything else, embeddings included, stays float.
/// </summary>
internal static class DynamicInt8Quantizer
{
    /// <summary>Version of the rewrite; part of the cached file's fingerprint, so bump it whenever the output changes.</summary>
    public const int FormatVersion = 1;

    /// <summary>ONNX Runtime's contrib operator domain.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>The fused operator the weights' nodes become.</summary>
    public const string FusedOperator = "DynamicQuantizeMatMul";

    /// <summary>Returns a quantized copy of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDataException">The model has no graph.</exception>
    public static QuantizationResult Quantize(ModelProto source, Int8QuantizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        var model = source.Clone();
        var graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");

        // Initializers that are also graph inputs can be overridden at run time, so they are not constants.
        var constants = graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var input in graph.Input)
        {
            constants.Remove(input.Name);
        }

        var rewrite = new GraphRewrite(graph, constants, settings);
        var nodes = new List<NodeProto>(graph.Node.Count);
        foreach (var node in graph.Node)
        {
            if (!rewrite.Absorbed.Contains(node))
            {
                nodes.Add(rewrite.TryReplace(node) ?? node);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(rewrite.NewInitializers);
        RemoveUnused(graph, rewrite.Candidates, rewrite.FoldedOutputs);
        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return new QuantizationResult(model, rewrite.Replaced, rewrite.FusedBiases, rewrite.Kept);
    }

    /// <summary>Drops the float weights and biases nothing reads any more, and the shapes of folded intermediates.</summary>
    private static void RemoveUnused(GraphProto graph, HashSet<string> candidates, HashSet<string> foldedOutputs)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        CollectReads(graph, read);
        foreach (var output in graph.Output)
        {
            read.Add(output.Name);
        }

        var unused = graph.Initializer.Where(t => candidates.Contains(t.Name) && !read.Contains(t.Name)).ToList();
        foreach (var tensor in unused)
        {
            graph.Initializer.Remove(tensor);
        }

        foreach (var info in graph.ValueInfo.Where(v => foldedOutputs.Contains(v.Name)).ToList())
        {
            graph.ValueInfo.Remove(info);
        }
    }

    // Subgraphs (If, Loop, Scan) may read the outer graph's initializers by name.
    private static void CollectReads(GraphProto graph, HashSet<string> read)
    {
        foreach (var node in graph.Node)
        {
            read.UnionWith(node.Input);
            foreach (var attribute in node.Attribute)
            {
                foreach (var subgraph in attribute.Graphs.Append(attribute.G).OfType<GraphProto>())
                {
                    CollectReads(subgraph, read);
                }
            }
        }
    }
}
