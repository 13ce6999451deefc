namespace OrleansAgents.Agents;

/// <summary>Runtime profile of an agent: cache budget, TTL, scheduling and limits.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentProfile")]
public sealed record AgentProfile
{
    /// <summary>Byte budget of the agent's in-grain L1 cache.</summary>
    [Id(0)] public long L1Bytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Time to live of cached answers, in seconds (15–1800).</summary>
    [Id(1)] public int TtlSeconds { get; init; } = 600;

    /// <summary>Default request priority, 0 (lowest) to 9.</summary>
    [Id(2)] public int Priority { get; init; } = 4;

    /// <summary>Default request timeout, in milliseconds.</summary>
    [Id(3)] public int TimeoutMs { get; init; } = 15_000;

    /// <summary>Whether the agent should run on a silo with an accelerator.</summary>
    [Id(4)] public bool RequiresGpu { get; init; }

    /// <summary>Maximum requests the agent works on at once.</summary>
    [Id(5)] public int MaxConcurrency { get; init; } = 8;

    /// <summary>Whether answers depend on the current moment (cache keys then carry a time bucket).</summary>
    [Id(6)] public bool TimeSensitive { get; init; }

    /// <summary>
    /// Cosine at or above which the agent's semantic cache answers a request with a similar earlier one's answer
    /// (0.5–1); <c>null</c> uses the silo's <c>Caching:SemanticThreshold</c>. Agents whose labels hinge on small
    /// differences in wording (a version, a negation) want it higher.
    /// </summary>
    [Id(7)] public double? SemanticThreshold { get; init; }

    /// <summary>
    /// The embedding model the agent's requests and labels are embedded with (a name from <c>Inference:Models</c>, e.g.
    /// <c>all-MiniLM-L6-v2-int8</c>); <c>null</c> uses the silo's default, <c>Inference:Model</c>. Placement puts the agent
    /// on a silo that serves it (<c>Placement:ModelFallback</c> says what happens when none does).
    /// </summary>
    [Id(8)] public string? Model { get; init; }
}
