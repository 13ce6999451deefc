namespace OrleansAgents.Agents;

/// <summary>One catalog entry: who the agent is, what it answers and its profile.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentDescriptor")]
public sealed record AgentDescriptor
{
    /// <summary>Canonical lowercase kebab-case name; the agent grain's key.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Other names that resolve to this agent (e.g. the short tool names users know, such as <c>semgrep</c> or <c>autogpt</c>).</summary>
    [Id(1)] public string[] Aliases { get; init; } = [];

    /// <summary>What the agent does.</summary>
    [Id(2)] public string Description { get; init; } = "";

    /// <summary>Resource tier.</summary>
    [Id(3)] public AgentTier Tier { get; init; }

    /// <summary>Model class of the system the catalog comes from (opus or sonnet).</summary>
    [Id(4)] public string ModelClass { get; init; } = "";

    /// <summary>Task kinds the agent serves, from a shared vocabulary.</summary>
    [Id(5)] public string[] Capabilities { get; init; } = [];

    /// <summary>The answer vocabulary the agent scores requests against.</summary>
    [Id(6)] public string[] Labels { get; init; } = [];

    /// <summary>Descriptions and example requests of some or all <see cref="Labels"/>, in any order.</summary>
    [Id(8)] public LabelDetail[] LabelDetails { get; init; } = [];

    /// <summary>Runtime profile.</summary>
    [Id(7)] public AgentProfile Profile { get; init; } = new();
}
