namespace OrleansAgents.Routing;

/// <summary>
/// How well a task's text matches one candidate: its <see cref="Relevance"/> (cosine of the task's embedding and the
/// agent's profile vector) and the factor it puts on the candidate's score, match = (max(r, 0) / max r)^TextWeight: 1
/// for the best match, smaller the further a candidate falls behind it, and 1 for everyone when no candidate is
/// relevant (max r ≤ 0) or the weight is 0.
/// </summary>
/// <param name="Relevance">Cosine of the task and the agent's profile, in [-1, 1].</param>
/// <param name="Match">The score factor, in [0, 1].</param>
internal readonly record struct TextMatch(double Relevance, double Match)
{
    /// <summary>Every candidate's match, from its relevance and <paramref name="textWeight"/> (≥ 0).</summary>
    public static Dictionary<string, TextMatch> For(IReadOnlyDictionary<string, double> relevance, double textWeight)
    {
        var best = relevance.Count == 0 ? 0 : relevance.Values.Max();
        return relevance.ToDictionary(
            r => r.Key,
            r => new TextMatch(r.Value, best <= 0 || textWeight <= 0 ? 1 : Math.Pow(Math.Max(r.Value, 0) / best, textWeight)),
            StringComparer.Ordinal);
    }
}
