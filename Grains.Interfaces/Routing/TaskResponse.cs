using OrleansAgents.Agents;

namespace OrleansAgents.Routing;

/// <summary>The chosen agent's answer to a routed task, with why it was chosen.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.TaskResponse")]
public sealed record TaskResponse
{
    /// <summary>The agent that served the task.</summary>
    [Id(0)] public required string Agent { get; init; }

    /// <summary>The capability routed on.</summary>
    [Id(1)] public required string Capability { get; init; }

    /// <summary>One sentence: the winning score and its factors.</summary>
    [Id(2)] public required string Reason { get; init; }

    /// <summary>Every candidate's score, best first.</summary>
    [Id(3)] public required RouteScore[] Scores { get; init; }

    /// <summary>The agent's answer.</summary>
    [Id(4)] public required AgentResponse Response { get; init; }
}

/// <summary>
/// A candidate's score: <see cref="Performance"/> × (1 − <see cref="Load"/>) × <see cref="Affinity"/> × <see cref="Match"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.RouteScore")]
public sealed record RouteScore
{
    /// <summary>The candidate agent.</summary>
    [Id(0)] public required string Agent { get; init; }

    /// <summary>Predicted performance in (0, 1]: success rate × 1 / (1 + latency / latency scale), both EWMAs.</summary>
    [Id(1)] public double Performance { get; init; }

    /// <summary>Current load in [0, 1].</summary>
    [Id(2)] public double Load { get; init; }

    /// <summary>1, or the affinity boost (1.2) for the user's affinity agent.</summary>
    [Id(3)] public double Affinity { get; init; }

    /// <summary>The product of the factors.</summary>
    [Id(4)] public double Score { get; init; }

    /// <summary>EWMA of the agent's latency as the router observed it, ms.</summary>
    [Id(5)] public double LatencyMs { get; init; }

    /// <summary>EWMA of the agent's success (1 = every call succeeded).</summary>
    [Id(6)] public double SuccessRate { get; init; }

    /// <summary>
    /// Cosine of the task's text and the agent's profile (description, name, labels), in [-1, 1]; <see langword="null"/>
    /// when the text was not matched (<c>Routing:TextWeight</c> 0, scores read without a task, or the embedding failed).
    /// </summary>
    [Id(7)] public double? Relevance { get; init; }

    /// <summary>
    /// The text-match factor in [0, 1]: (max(relevance, 0) / best relevance)^<c>Routing:TextWeight</c>, 1 for the best
    /// match and whenever the text was not matched.
    /// </summary>
    [Id(8)] public double Match { get; init; } = 1;
}
