namespace OrleansAgents.Placement;

/// <summary>What <see cref="Silo"/> knows of its own load that Orleans' runtime statistics do not carry.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="QueueDepth">Inference requests waiting on all its devices (plus any simulated depth).</param>
/// <param name="AgentsInFlight">Requests in flight per agent activated on it (agents with none are left out).</param>
/// <param name="AgentCount">Agent activations on it.</param>
[GenerateSerializer, Immutable, Alias("OrleansAgents.SiloLocalLoad")]
internal sealed record SiloLocalLoad(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] int QueueDepth,
    [property: Id(2)] Dictionary<string, int> AgentsInFlight,
    [property: Id(3)] int AgentCount)
{
    /// <summary>The models it serves now (loaded at start, by a reload or on demand); null before its devices are ready.</summary>
    [Id(4)] public string[]? Models { get; init; }
}
