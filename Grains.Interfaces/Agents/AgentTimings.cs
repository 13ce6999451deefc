namespace OrleansAgents.Agents;

/// <summary>Where a request's time went, in milliseconds.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentTimings")]
public sealed record AgentTimings(
    [property: Id(0)] double QueueMs,
    [property: Id(1)] double InferenceMs,
    [property: Id(2)] double TotalMs);
