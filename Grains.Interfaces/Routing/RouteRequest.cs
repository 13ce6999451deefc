using OrleansAgents.Agents;

namespace OrleansAgents.Routing;

/// <summary>
/// A task for whichever agent suits it best, sent to the router of the capability it needs (the router's key), which
/// picks the agent.
/// </summary>
/// <remarks>
/// The wire alias and field ids are those of the type's first version (then <c>TaskRequest</c>, with the capability as
/// field 0), so silos and clients of both versions still understand each other during a rolling upgrade.
/// </remarks>
[GenerateSerializer, Immutable, Alias("OrleansAgents.TaskRequest")]
public sealed record RouteRequest
{
    /// <summary>The request the chosen agent answers; its <see cref="AgentRequest.UserId"/> is whose affinity applies.</summary>
    [Id(1)] public required AgentRequest Request { get; init; }

    /// <summary>
    /// An agent (name or alias) the user prefers for this capability: it gets the affinity boost now and is remembered
    /// as the user's affinity until another preference is given. Must have the capability.
    /// </summary>
    [Id(2)] public string? PreferredAgent { get; init; }
}
