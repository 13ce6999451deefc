using Xunit.Abstractions;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Production for real: three <c>dotnet OrleansAgents.Silo.dll</c> processes joined through Redis, with grain state and
/// the request log in PostgreSQL. A client drives ~20 s of load over all 131 agents and one silo is SIGKILLed midway.
/// </summary>
[Collection(Name)]
public sealed class ThreeProcessClusterTests(ITestOutputHelper output) : ProcessClusterTest(3)
{
    /// <summary>Runs alone, after the parallel tests: three silo processes under load would starve them (and be starved).</summary>
    public const string Name = "three silo processes";

    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(7);
    [Fact]
    public async Task Load_WhenOneSiloIsKilled_CallsRecoverWithin15sAndEverySuccessIsLoggedOnceAndStateSurvives()
    {
        var agents = await Cluster.AgentsAsync();
        Assert.Equal(131, agents.Length);

        // State written before the kill: a profile override per agent, persisted in PostgreSQL.
        var ttls = await Cluster.OverrideProfilesAsync(agents);

        var load = DrillLoad.Start(Cluster.Client, agents, workers: 8);
        await Task.Delay(KillAfter);
        var placement = await Cluster.ActivationsBySiloPortAsync(agents);
        var victim = Cluster.Silos.OrderByDescending(s => placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0).First();
        var victimAgents = placement.GetValueOrDefault(victim.SiloPort) ?? [];
        var killedAt = load.Clock.Elapsed;
        victim.Kill();
        await Task.Delay(LoadDuration - KillAfter);
        var calls = await load.StopAsync();

        load.AssertNoFailures();
        Assert.NotEmpty(victimAgents);

        // The gap: the longest a call that was running at the kill, or started after it, waited for its answer.
        var gap = load.LongestWaitAcross(killedAt);
        var movedAnswers = calls.Where(c => victimAgents.Contains(c.Agent) && c.Started >= killedAt).Select(c => c.Ended - killedAt).ToList();
        var firstVictimAnswer = movedAnswers.Count == 0 ? "none (no call to a moved agent started after the kill)" : $"{movedAnswers.Min().TotalSeconds:0.00} s after the kill";
        output.WriteLine(
            $"activations per silo before the kill: {Cluster.Spread(placement)}; " +
            $"killed {victim.SiloPort} with {victimAgents.Count} agents at {killedAt.TotalSeconds:0.0} s");
        output.WriteLine($"{calls.Count} calls, all succeeded; longest wait across the kill {gap.TotalSeconds:0.00} s; " +
            $"first answer from a moved agent to a call started after the kill: {firstVictimAnswer}");
        Assert.True(gap <= TimeSpan.FromSeconds(15), $"calls stalled {gap.TotalSeconds:0.0} s after the kill");

        // Every answer the client saw is in the log exactly once (request_id is unique; retries reuse the id).
        load.AssertEveryAnswerLoggedOnce(await Cluster.LoggedRequestIdsAsync());

        // State written before the kill is intact, including the agents that were re-activated on a survivor.
        Assert.Equal(ttls, await Cluster.ProfileTtlsAsync(agents));
    }
}

[CollectionDefinition(ThreeProcessClusterTests.Name, DisableParallelization = true)]
public sealed class ThreeProcessClusterCollection;
