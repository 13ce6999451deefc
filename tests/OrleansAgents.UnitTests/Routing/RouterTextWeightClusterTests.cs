using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Routing;
using OrleansAgents.Tests.Cluster;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Routing;

/// <summary>
/// The router with and without the task's text weighed, in real clusters: the two-silo cluster runs the default
/// <c>Routing:TextWeight</c>, a one-silo cluster of this class's own runs it at 0 (text-blind, as before the text was weighed).
/// </summary>
[Collection(TwoSiloClusterCollection.Name)]
public sealed class RouterTextWeightClusterTests(TwoSiloClusterFixture fixture) : IAsyncLifetime
{
    private const string Text = "static analysis finds sql injection";
    private const string SummarizerPreferred = "document-knowledge-manager";
    private InProcessTestCluster _textBlind = null!;

    public async Task InitializeAsync()
        => _textBlind = await TestClusters.StartAsync(1, new Dictionary<string, string?> { ["Routing:TextWeight"] = "0" });

    public async Task DisposeAsync() => await _textBlind.DisposeAsync();

    private static RouteRequest Task(string? preferred = null) => new()
    {
        PreferredAgent = preferred,
        Request = new AgentRequest { Text = Text, UserId = $"text-{Guid.NewGuid():N}", CacheEnabled = false },
    };

    [Fact]
    public async Task RouteAsync_WhenTextWeightIsZero_EveryMatchIsOneWithoutRelevance()
    {
        var routed = await _textBlind.Client.GetGrain<IAgentRouter>("security-scan").RouteAsync(Task());

        Assert.All(routed.Scores, s => Assert.Equal((1.0, (double?)null), (s.Match, s.Relevance)));
        Assert.All(routed.Scores, s => Assert.Equal(s.Performance * (1 - s.Load) * s.Affinity, s.Score, 12));
        Assert.DoesNotContain("match", routed.Reason);
    }

    [Fact]
    public async Task RouteAsync_WhenTextBlindAndEveryCandidateIsEqual_PreferredAgentWins()
    {
        // No other test routes "summarize" in this cluster: every candidate still has the prior and no load, and the text
        // is not weighed, so the preferred agent's 1.2 boost alone decides.
        var routed = await _textBlind.Client.GetGrain<IAgentRouter>("summarize").RouteAsync(Task(SummarizerPreferred));

        Assert.Equal(SummarizerPreferred, routed.Agent);
        Assert.Contains("preferred affinity", routed.Reason);
    }

    [Fact]
    public async Task RouteAsync_WhenTextWeightIsPositive_EveryScoreCarriesRelevanceAndTheBestCombinedScoreServes()
    {
        var weight = new RouterOptions().TextWeight;

        var routed = await fixture.Client.GetGrain<IAgentRouter>("security-scan").RouteAsync(Task());

        Assert.All(routed.Scores, s => Assert.InRange(s.Relevance!.Value, -1, 1));
        var best = routed.Scores.Max(s => s.Relevance!.Value);
        Assert.All(routed.Scores, s => Assert.Equal(Math.Pow(Math.Max(s.Relevance!.Value, 0) / best, weight), s.Match, 12));
        Assert.All(routed.Scores, s => Assert.Equal(s.Performance * (1 - s.Load) * s.Affinity * s.Match, s.Score, 12));
        Assert.Equal(routed.Scores.Max(s => s.Score), routed.Scores.Single(s => s.Agent == routed.Agent).Score);
        Assert.Contains(" × match ", routed.Reason);
    }
}
