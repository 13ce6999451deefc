namespace OrleansAgents.Agents;

/// <summary>
/// The texts whose embeddings make up each label's vector, and how they are pooled. A label's vector is the normalised
/// weighted sum of the unit embeddings of its name, its description and its examples: the name and the description
/// weigh <see cref="NameWeight"/> and <see cref="DescriptionWeight"/>, the examples share <see cref="ExamplesWeight"/>
/// equally, so a label with many examples is not pulled further from its name than one with few. A label without
/// details (or in <see cref="LabelVectorMode.Names"/> mode) is its name's embedding alone, as before.
/// </summary>
internal static class LabelPrototypes
{
    internal const float NameWeight = 1f;
    internal const float DescriptionWeight = 1f;
    internal const float ExamplesWeight = 3f;

    /// <summary>Label <c>i</c>'s texts, each with its weight; the first is always the label itself.</summary>
    public static (string Text, float Weight)[][] For(AgentDescriptor agent, LabelVectorMode mode)
    {
        var details = mode == LabelVectorMode.Names
            ? []
            : agent.LabelDetails.ToDictionary(d => d.Label, StringComparer.Ordinal);
        var result = new (string Text, float Weight)[agent.Labels.Length][];
        for (var i = 0; i < result.Length; i++)
        {
            var label = agent.Labels[i];
            if (!details.TryGetValue(label, out var detail))
            {
                result[i] = [(label, NameWeight)];
                continue;
            }

            var texts = new List<(string, float)> { (label, NameWeight) };
            if (!string.IsNullOrWhiteSpace(detail.Description))
            {
                texts.Add((detail.Description, DescriptionWeight));
            }

            texts.AddRange(detail.Examples.Select(e => (e, ExamplesWeight / detail.Examples.Length)));
            result[i] = [.. texts];
        }

        return result;
    }

    /// <summary>The unit-length weighted sum of <paramref name="vectors"/> (each unit length, all of one dimension).</summary>
    public static float[] Pool(IReadOnlyList<float[]> vectors, IReadOnlyList<float> weights)
    {
        if (vectors.Count == 1)
        {
            return vectors[0];
        }

        var sum = new float[vectors[0].Length];
        for (var v = 0; v < vectors.Count; v++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vectors[v], weights[v], sum, sum);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(sum);
        System.Numerics.Tensors.TensorPrimitives.Divide(sum, norm, sum);
        return sum;
    }
}
