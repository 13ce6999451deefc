using OrleansAgents.Agents;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Scale-in for real: three silo processes under SDK load over all 131 agents, and one of them sent SIGTERM (what
/// Kubernetes does to a pod it removes). The silo drains: its agents migrate to the others with their state and L1.
/// </summary>
[Collection(ThreeProcessClusterTests.Name)]
public sealed class ScaleInDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await ProcessCluster.StartAsync(3, $"--HostOptions:ShutdownTimeout={ShutdownTimeout}");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Load_WhenOneSiloIsTerminated_NoCallFailsAndItsAgentsMoveWithStateCountersAndL1()
    {
        var agents = await _cluster.AgentsAsync();
        Assert.Equal(131, agents.Length);
        var ttls = await _cluster.OverrideProfilesAsync(agents);
        var counted = await CountersAsync(agents);

        var load = DrillLoad.Start(_cluster.Client, agents, workers: 16);
        await Task.Delay(Before);
        var placement = await _cluster.ActivationsBySiloPortAsync(agents);
        var victim = _cluster.Silos.OrderByDescending(s => placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0).First();
        var moved = placement.GetValueOrDefault(victim.SiloPort) ?? [];
        var terminatedAt = load.Clock.Elapsed;
        victim.Terminate();
        var exitCode = await victim.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        var goneAfter = load.Clock.Elapsed - terminatedAt;
        await Task.Delay(After - goneAfter);
        var calls = await load.StopAsync();

        var wait = load.LongestWaitAcross(terminatedAt);
        // Before: the last half of the warm-up, once every text of every agent has been asked at least once.
        var ratioBefore = L1Ratio(calls.Where(c => moved.Contains(c.Agent) && c.Started >= terminatedAt - (Before / 2) && c.Ended <= terminatedAt));
        var movedWait = calls.Where(c => moved.Contains(c.Agent) && c.Ended > terminatedAt)
            .Select(c => c.Ended - (c.Started > terminatedAt ? c.Started : terminatedAt)).DefaultIfEmpty().Max();
        var ratioAfter = L1Ratio(calls.Where(c => moved.Contains(c.Agent) && c.Started >= terminatedAt));
        output.WriteLine(
            $"activations per silo before: {_cluster.Spread(placement)}; terminated {victim.SiloPort} with {moved.Count} agents at " +
            $"{terminatedAt.TotalSeconds:0.0} s; it exited with {exitCode} after {goneAfter.TotalSeconds:0.00} s");
        output.WriteLine(
            $"{calls.Count} calls; longest wait across the scale-in {wait.TotalSeconds:0.00} s (longest before it " +
            $"{load.LongestWaitBefore(terminatedAt).TotalSeconds:0.00} s; of calls to the moved agents {movedWait.TotalSeconds:0.00} s); " +
            $"L1 hit ratio of the moved agents {ratioBefore:P1} in the {(Before / 2).TotalSeconds:0} s before, {ratioAfter:P1} in the {After.TotalSeconds:0} s after ({(ratioBefore > 0 ? ratioAfter / ratioBefore : 0):P0} of before)");
        output.WriteLine($"activations per silo after: {_cluster.Spread(await _cluster.ActivationsBySiloPortAsync(agents))}");

        load.AssertNoFailures();
        Assert.NotEmpty(moved);
        Assert.Equal(0, exitCode);
        Assert.True(goneAfter < ShutdownTimeout, $"the silo took {goneAfter.TotalSeconds:0.0} s to exit");
        Assert.True(wait < TimeSpan.FromSeconds(5), $"calls waited {wait.TotalSeconds:0.00} s across the scale-in");
        load.AssertEveryAnswerLoggedOnce(await _cluster.LoggedRequestIdsAsync());
        Assert.Equal(ttls, await _cluster.ProfileTtlsAsync(agents));

        // Each answer was counted once, by whichever activation served it: lifetime requests grew by exactly the number
        // of answers the agent gave, with no error, across the move and its final counter write.
        var after = await CountersAsync(agents);
        var answered = agents.Select(a => (long)calls.Count(c => c.Agent == a)).ToArray();
        Assert.Equal(answered, agents.Select((_, i) => after[i].Requests - counted[i].Requests));
        Assert.Equal(counted.Select(c => c.Errors), after.Select(c => c.Errors));
        Assert.All(_cluster.Silos, s => Assert.Equal(0, s.LinesSeen(ProcessCluster.InconsistentState)));
    }

    private static double L1Ratio(IEnumerable<DrillCall> calls)
    {
        var list = calls.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(c => c.Layer == CacheLayer.L1) / list.Count;
    }

    private async Task<AgentCounters[]> CountersAsync(string[] agents)
        => await Task.WhenAll(agents.Select(a => _cluster.Orleans.GetGrain<IAgentGrain>(a).GetCountersAsync()));
}
