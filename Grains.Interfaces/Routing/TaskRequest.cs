using OrleansAgents.Agents;

namespace OrleansAgents.Routing;

/// <summary>A task for whichever agent suits it best: it names a capability instead of an agent.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.TaskRequest")]
public sealed record TaskRequest
{
    /// <summary>The capability the task needs (e.g. <c>security-scan</c>); the candidates are the agents that list it.</summary>
    [Id(0)] public required string Capability { get; init; }

    /// <summary>The request the chosen agent answers; its <see cref="AgentRequest.UserId"/> is whose affinity applies.</summary>
    [Id(1)] public required AgentRequest Request { get; init; }

    /// <summary>
    /// An agent (name or alias) the user prefers for this capability: it gets the affinity boost now and is remembered
    /// as the user's affinity until another preference is given. Must have the capability.
    /// </summary>
    [Id(2)] public string? PreferredAgent { get; init; }
}
