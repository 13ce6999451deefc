using System.Numerics.Tensors;

namespace OrleansAgents.Agents;

/// <summary>Zero-shot answer: an agent's labels ranked by cosine similarity to the request embedding.</summary>
internal static class LabelScorer
{
    /// <summary>
    /// The <paramref name="topK"/> labels most similar to <paramref name="query"/>, best first; ties keep catalog order.
    /// Vectors are unit length, so the dot product is the cosine.
    /// </summary>
    public static LabelScore[] TopK(ReadOnlySpan<float> query, IReadOnlyList<float[]> labelVectors, IReadOnlyList<string> labels, int topK)
    {
        if (labelVectors.Count != labels.Count)
        {
            throw new ArgumentException("Every label needs exactly one vector.", nameof(labelVectors));
        }

        var scores = new LabelScore[labels.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new LabelScore(labels[i], TensorPrimitives.Dot(query, labelVectors[i]));
        }

        // Stable: OrderByDescending keeps catalog order among equal scores.
        return [.. scores.OrderByDescending(s => s.Score).Take(Math.Clamp(topK, 1, scores.Length))];
    }
}
