using OrleansAgents.Agents;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Scale-in for real: three silo processes under SDK load over all 131 agents, and one of them sent SIGTERM (what
/// Kubernetes does to a pod it removes). The silo drains: its agents migrate to the others with their state and L1.
/// </summary>
[Collection(ThreeProcessClusterTests.Name)]
public sealed class ScaleInDrillTests(ITestOutputHelper output) : ProcessClusterTest(3, $"--HostOptions:ShutdownTimeout={ShutdownTimeout}")
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    [Fact]
    public async Task Load_WhenOneSiloIsTerminated_NoCallFailsAndItsAgentsMoveWithStateCountersAndL1()
    {
        var agents = await Cluster.AgentsAsync();
        Assert.Equal(131, agents.Length);
        var ttls = await Cluster.OverrideProfilesAsync(agents);
        var counted = await CountersAsync(agents);

        var load = DrillLoad.Start(Cluster.Client, agents, workers: 16);
        await Task.Delay(Before);
        var placement = await Cluster.ActivationsBySiloPortAsync(agents);
        var victim = Cluster.Silos.OrderByDescending(s => placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0).First();
        var moved = placement.GetValueOrDefault(victim.SiloPort) ?? [];
        var terminatedAt = load.Clock.Elapsed;
        victim.Terminate();
        var notReady = await NotReadyAfterAsync(victim);
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
            $"activations per silo before: {Cluster.Spread(placement)}; terminated {victim.SiloPort} with {moved.Count} agents at " +
            $"{terminatedAt.TotalSeconds:0.0} s; not ready after {notReady.TotalMilliseconds:0} ms, exited with {exitCode} after {goneAfter.TotalSeconds:0.00} s");
        output.WriteLine(
            $"{calls.Count} calls; longest wait across the scale-in {wait.TotalSeconds:0.00} s (longest before it " +
            $"{load.LongestWaitBefore(terminatedAt).TotalSeconds:0.00} s; of calls to the moved agents {movedWait.TotalSeconds:0.00} s); " +
            $"L1 hit ratio of the moved agents {ratioBefore:P1} in the {(Before / 2).TotalSeconds:0} s before, {ratioAfter:P1} in the {After.TotalSeconds:0} s after ({(ratioBefore > 0 ? ratioAfter / ratioBefore : 0):P0} of before)");
        output.WriteLine($"activations per silo after: {Cluster.Spread(await Cluster.ActivationsBySiloPortAsync(agents))}");

        load.AssertNoFailures();
        Assert.NotEmpty(moved);
        Assert.Equal(0, exitCode);
        Assert.True(notReady < TimeSpan.FromSeconds(1), $"still ready {notReady.TotalSeconds:0.0} s after SIGTERM");
        Assert.True(goneAfter < ShutdownTimeout, $"the silo took {goneAfter.TotalSeconds:0.0} s to exit");
        Assert.True(wait < TimeSpan.FromSeconds(5), $"calls waited {wait.TotalSeconds:0.00} s across the scale-in");
        load.AssertEveryAnswerLoggedOnce(await Cluster.LoggedRequestIdsAsync());
        Assert.Equal(ttls, await Cluster.ProfileTtlsAsync(agents));

        // Each answer was counted once, by whichever activation served it: lifetime requests grew by exactly the number
        // of answers the agent gave, with no error, across the move and its final counter write.
        var after = await CountersAsync(agents);
        var answered = agents.Select(a => (long)calls.Count(c => c.Agent == a)).ToArray();
        Assert.Equal(answered, agents.Select((_, i) => after[i].Requests - counted[i].Requests));
        Assert.Equal(counted.Select(c => c.Errors), after.Select(c => c.Errors));

        // The departing silo writes each agent's state before handing it over, and the new activation takes it from the
        // handover: the handover itself never conflicts. (Rarely a survivor still logs one: see the README.)
        Assert.True(victim.LinesSeen(ProcessCluster.InconsistentState) == 0, victim.WatchedLines);
        foreach (var silo in Cluster.Silos.Where(s => s != victim && s.LinesSeen(ProcessCluster.InconsistentState) > 0))
        {
            output.WriteLine($"silo {silo.SiloPort} logged {silo.LinesSeen(ProcessCluster.InconsistentState)} version conflict(s), merged:{Environment.NewLine}{silo.WatchedLines}");
        }
    }

    // How long after SIGTERM /health/ready stopped answering "Healthy" (503, or nothing once Kestrel has stopped).
    private static async Task<TimeSpan> NotReadyAfterAsync(SiloProcess silo)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                using var response = await silo.Http.GetAsync("/health/ready");
                if (!response.IsSuccessStatusCode)
                {
                    return started.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                return started.Elapsed;
            }

            await Task.Delay(20);
        }

        return started.Elapsed;
    }

    private static double L1Ratio(IEnumerable<DrillCall> calls)
    {
        var list = calls.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(c => c.Layer == CacheLayer.L1) / list.Count;
    }

    private async Task<AgentCounters[]> CountersAsync(string[] agents)
        => await Task.WhenAll(agents.Select(a => Cluster.Orleans.GetGrain<IAgentGrain>(a).GetCountersAsync()));
}
