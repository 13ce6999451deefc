namespace OrleansAgents.Agents;

/// <summary>The validated agent catalog of this process.</summary>
public interface IAgentCatalog
{
    /// <summary>Every agent, in catalog order.</summary>
    IReadOnlyList<AgentDescriptor> Agents { get; }

    /// <summary>Finds an agent by canonical name or alias, ignoring case.</summary>
    bool TryResolve(string nameOrAlias, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgentDescriptor? agent);
}
