using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace OrleansAgents.Placement;

/// <summary>
/// Every active silo's load, per silo and in parallel: CPU, memory and activations from Orleans' runtime statistics
/// (<see cref="IManagementGrain.GetRuntimeStatistics"/>), inference queue depth and agents' requests in flight from the
/// silo's <see cref="ISiloLoadGrain"/>.
/// A silo that does not answer within the refresh period (say, killed and not yet declared dead) is left out of this
/// refresh instead of holding it up for the 30 s response timeout.
/// </summary>
internal sealed partial class ClusterSiloLoadSource(
    IClusterMembershipService membership,
    IGrainFactory grains,
    IOptions<PlacementOptions> options,
    TimeProvider time,
    ILogger<ClusterSiloLoadSource> logger) : ISiloLoadSource
{
    public async Task<IReadOnlyDictionary<SiloAddress, SiloLoad>> FetchAsync(CancellationToken cancellationToken)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .ToArray();
        var loads = await Task.WhenAll(silos.Select(s => FetchAsync(s, cancellationToken)));
        return loads.OfType<KeyValuePair<SiloAddress, SiloLoad>>().ToDictionary();
    }

    private async Task<KeyValuePair<SiloAddress, SiloLoad>?> FetchAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            var statistics = grains.GetGrain<IManagementGrain>(0).GetRuntimeStatistics([silo]);
            var local = LocalLoadAsync(silo);
            var limit = options.Value.LoadRefreshPeriod < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.LoadRefreshPeriod;
            var stats = (await statistics.WaitAsync(limit, time, cancellationToken))[0];
            var own = await local.WaitAsync(limit, time, cancellationToken);
            var environment = stats.EnvironmentStatistics;
            var memory = environment.MaximumAvailableMemoryBytes > 0
                ? (double)environment.FilteredMemoryUsageBytes / environment.MaximumAvailableMemoryBytes
                : 0;
            var load = new SiloLoad(environment.FilteredCpuUsagePercentage, Math.Clamp(memory, 0, 1), stats.ActivationCount, own?.QueueDepth ?? 0)
            {
                AgentsInFlight = own?.AgentsInFlight ?? SiloLoad.NoAgentsInFlight,
                AgentCount = own?.AgentCount ?? 0,
                Models = own?.Models,
            };
            return new(silo, load);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSiloLoadFailed(logger, ex, silo);
            return null;
        }
    }

    private async Task<SiloLocalLoad?> LocalLoadAsync(SiloAddress silo)
    {
        // The hint places the silo's load grain on that silo; the answer says where it really runs.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            var answer = await grains.GetGrain<ISiloLoadGrain>(silo.ToParsableString()).GetLocalLoadAsync();
            return answer.Silo.Equals(silo) ? answer : null;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
