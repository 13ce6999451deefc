namespace OrleansAgents.Agents;

/// <summary>Where an agent's activation lives.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentActivation")]
public sealed record AgentActivation
{
    /// <summary>Canonical agent name.</summary>
    [Id(0)] public required string Agent { get; init; }

    /// <summary>Address of the silo hosting the activation (<c>host:port@generation</c>).</summary>
    [Id(1)] public required string Silo { get; init; }
}
