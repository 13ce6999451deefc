using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace OrleansAgents.RequestLog;

/// <summary>
/// An agent's figures from every active silo's rolling windows (<see cref="LiveRequestStats"/>), summed: an agent is
/// one activation cluster-wide but may have run on several silos within the window (migration, rebalancing, a new
/// activation after idle), and each silo keeps what it answered. A silo that does not answer within
/// <see cref="SiloTimeout"/> (say, killed and not yet declared dead) is left out and logged; a dead silo's figures are gone.
/// </summary>
internal sealed partial class MemoryRequestStats(
    IClusterMembershipService membership, IGrainFactory grains, TimeProvider time, ILogger<MemoryRequestStats> logger) : IAgentStatsSource
{
    /// <summary>Longest wait for one silo's answer.</summary>
    public static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(5);

    public async Task<AgentStats> GetAsync(string agent, TimeSpan window, CancellationToken cancellationToken)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress);
        var sum = new RequestCounts();
        foreach (var counts in await Task.WhenAll(silos.Select(s => GetAsync(s, agent, window, cancellationToken))))
        {
            if (counts is not null)
            {
                sum.Add(counts);
            }
        }

        double Share(long part) => sum.Requests == 0 ? 0 : Math.Round((double)part / sum.Requests, 4);
        double? Ms(double quantile) => sum.Percentile(quantile) is { } ms ? Math.Round(ms, 3) : null;
        return new AgentStats(
            agent, window, sum.Requests, Share(sum.Errors), Share(sum.Hits), Ms(0.50), Ms(0.95), Ms(0.99), sum.Errors, AgentStats.MemorySource);
    }

    private async Task<RequestCounts?> GetAsync(SiloAddress silo, string agent, TimeSpan window, CancellationToken cancellationToken)
    {
        // The hint places the silo's stats grain on that silo; the answer says where it really ran.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            var answer = await grains.GetGrain<ISiloRequestStatsGrain>(silo.ToParsableString())
                .GetAsync(agent, window).WaitAsync(SiloTimeout, time, cancellationToken);
            return answer.Silo.Equals(silo) ? answer.Counts : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSiloStatsFailed(logger, ex, silo, agent);
            return null;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
