using Orleans.Concurrency;
using Orleans.Placement;

namespace OrleansAgents.RequestLog;

/// <summary>
/// Answers its silo's in-memory figures of an agent. Callers place it with a placement hint; an activation that
/// landed elsewhere says so (its answer names its silo) and goes away.
/// </summary>
[Reentrant, RandomPlacement]
internal sealed class SiloRequestStatsGrain(LiveRequestStats live) : Grain, ISiloRequestStatsGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(this.GetPrimaryKeyString(), GrainContext.Address.SiloAddress!.ToParsableString(), StringComparison.Ordinal))
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<SiloRequestCounts> GetAsync(string agent, TimeSpan window)
        => Task.FromResult(new SiloRequestCounts(GrainContext.Address.SiloAddress!, live.Get(agent, window)));
}
