namespace OrleansAgents.Placement;

/// <summary>Gathers every active silo's load; called once per refresh period, never per placement.</summary>
internal interface ISiloLoadSource
{
    Task<IReadOnlyDictionary<SiloAddress, SiloLoad>> FetchAsync(CancellationToken cancellationToken);
}
