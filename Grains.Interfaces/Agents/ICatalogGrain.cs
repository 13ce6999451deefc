namespace OrleansAgents.Agents;

/// <summary>Read-only view of the agent catalog, served by the silo the caller is connected to.</summary>
[Alias("OrleansAgents.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Every agent of the catalog, in catalog order.</summary>
    [Alias("ListAsync")]
    Task<AgentDescriptor[]> ListAsync();

    /// <summary>The agent named <paramref name="nameOrAlias"/>, or <see langword="null"/> when none matches.</summary>
    [Alias("FindAsync")]
    Task<AgentDescriptor?> FindAsync(string nameOrAlias);
}
