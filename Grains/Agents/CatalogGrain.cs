using Orleans.Concurrency;

namespace OrleansAgents.Agents;

/// <summary>Serves the catalog from the silo the caller is connected to; every silo holds the same catalog.</summary>
[StatelessWorker, Reentrant]
internal sealed class CatalogGrain(IAgentCatalog catalog) : Grain, ICatalogGrain
{
    public Task<AgentDescriptor[]> ListAsync() => Task.FromResult(catalog.Agents.ToArray());

    public Task<AgentDescriptor?> FindAsync(string nameOrAlias)
        => Task.FromResult(catalog.TryResolve(nameOrAlias, out var agent) ? agent : null);
}
