namespace OrleansAgents.Client.Cli.Load;

/// <summary>Where the load goes: the silo's HTTP API or the grain SDK.</summary>
internal interface ILoadTarget
{
    /// <summary>The catalog's agents and tiers.</summary>
    Task<IReadOnlyList<LoadAgent>> ListAgentsAsync(CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="request"/>; never throws for a failed request, only reports it.</summary>
    Task<LoadOutcome> SendAsync(LoadRequest request, CancellationToken cancellationToken);
}
