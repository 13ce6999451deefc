namespace OrleansAgents.Agents;

/// <summary>An agent's lifetime counters, persisted across activations.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentCounters")]
public sealed record AgentCounters(
    [property: Id(0)] long Requests,
    [property: Id(1)] long Errors,
    [property: Id(2)] long CacheHits);
