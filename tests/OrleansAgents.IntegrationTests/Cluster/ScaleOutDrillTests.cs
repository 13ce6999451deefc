using System.Diagnostics;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Scale-out for real: two silo processes under SDK load over all 131 agents (all of them active), then a third joins.
/// Placement alone would give it nothing (every agent already has an activation); the rebalancer moves agents to it.
/// </summary>
[Collection(ThreeProcessClusterTests.Name)]
public sealed class ScaleOutDrillTests(ITestOutputHelper output) : ProcessClusterTest(2)
{
    private static readonly TimeSpan Warm = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan SpreadLimit = TimeSpan.FromSeconds(30);
    [Fact]
    public async Task Load_WhenASiloJoins_ItHostsAgentsWithinSecondsAndNoCallFails()
    {
        var agents = await Cluster.AgentsAsync();
        var load = DrillLoad.Start(Cluster.Client, agents, workers: 16);
        await Task.Delay(Warm);
        var before = await Cluster.ActivationsBySiloPortAsync(agents);
        var joining = load.Clock.Elapsed;
        var newcomer = await Cluster.AddSiloAsync();
        var joined = Stopwatch.StartNew();
        TimeSpan? first = null;
        Dictionary<int, HashSet<string>> placement;
        do
        {
            await Task.Delay(500);
            placement = await Cluster.ActivationsBySiloPortAsync(agents);
            var hosted = placement.GetValueOrDefault(newcomer.SiloPort)?.Count ?? 0;
            first ??= hosted > 0 ? joined.Elapsed : null;
            if (hosted >= (agents.Length / 3) - 3)
            {
                break; // spread: the newcomer holds about a third
            }
        }
        while (joined.Elapsed < SpreadLimit);

        var spreadAfter = joined.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // calls to the moved agents, answered on the newcomer
        var calls = await load.StopAsync();
        output.WriteLine(
            $"before: {Cluster.Spread(before)}; the third silo took {(load.Clock.Elapsed - joining - joined.Elapsed).TotalSeconds:0.0} s to start " +
            $"under load; first agent on it {first?.TotalSeconds:0.0} s after it was ready; {Cluster.Spread(placement)} " +
            $"{spreadAfter.TotalSeconds:0.0} s after it was ready");
        output.WriteLine($"{calls.Count} calls; longest wait across the join {load.LongestWaitAcross(joining).TotalSeconds:0.00} s " +
            $"(longest before it {load.LongestWaitBefore(joining).TotalSeconds:0.00} s)");

        load.AssertNoFailures();
        Assert.True(first < TimeSpan.FromSeconds(10), $"first agent on the new silo after {first?.TotalSeconds:0.0} s");
        Assert.InRange(placement.GetValueOrDefault(newcomer.SiloPort)?.Count ?? 0, (agents.Length / 3) - 3, (agents.Length / 3) + 3);
        load.AssertEveryAnswerLoggedOnce(await Cluster.LoggedRequestIdsAsync());
    }
}
