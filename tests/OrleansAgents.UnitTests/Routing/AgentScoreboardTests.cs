using OrleansAgents.Routing;

namespace OrleansAgents.Tests.Routing;

/// <summary>The router's formula, exactly: performance × (1 − load) × affinity × match, performance = success / (1 + latency / 100 ms).</summary>
public sealed class AgentScoreboardTests
{
    // EwmaAlpha 1: an agent's latency and success are its last observation, so every score below is exact.
    private static readonly RouterOptions Exact = new() { EwmaAlpha = 1, LatencyScaleMs = 100, PriorLatencyMs = 50, AffinityBoost = 1.2 };

    private static AgentScoreboard Board(RouterOptions? options = null) => new([("a", 8), ("b", 8), ("c", 4)], options ?? Exact);

    [Fact]
    public void Score_BeforeAnyCall_UsesThePriorForEveryCandidate()
    {
        var scores = Board().Score(affinityAgent: null);

        Assert.Equal(["a", "b", "c"], scores.Select(s => s.Agent).Order());
        Assert.All(scores, s => Assert.Equal(1 / 1.5, s.Score, 12));
        Assert.All(scores, s => Assert.Equal((50.0, 1.0, 0.0, 1.0), (s.LatencyMs, s.SuccessRate, s.Load, s.Affinity)));
    }

    [Fact]
    public void Score_WhenFasterAgentIsHalfLoaded_TheUnloadedSlowerOneWins()
    {
        var board = Board();
        board.Record("a", 20, success: true);   // performance 1/1.2 = 0.8333
        board.Record("b", 60, success: true);   // performance 1/1.6 = 0.625
        board.Record("c", 900, success: true);  // performance 0.1
        Assert.Equal("a", board.Score(null)[0].Agent);

        board.ReportInFlight("a", 4);           // 4 of 8: 0.8333 × 0.5 = 0.4167 < 0.625
        var scores = board.Score(null);

        Assert.Equal(["b", "a", "c"], scores.Select(s => s.Agent));
        Assert.Equal(0.625, scores[0].Score, 12);
        Assert.Equal(1 / 1.2 * 0.5, scores[1].Score, 12);
    }

    [Fact]
    public void Score_WhenAffinityAgentIsWithin20Percent_TheBoostMakesItWin()
    {
        var board = Board();
        board.Record("a", 20, success: true);   // 0.8333
        board.Record("b", 40, success: true);   // 0.7143 × 1.2 = 0.8571 > 0.8333
        board.Record("c", 900, success: true);

        var scores = board.Score(affinityAgent: "b");

        Assert.Equal("b", scores[0].Agent);
        Assert.Equal(1 / 1.4 * 1.2, scores[0].Score, 12);
        Assert.Equal(1.2, scores[0].Affinity);
        Assert.Equal(1.0, scores.Single(s => s.Agent == "a").Affinity);
    }

    [Fact]
    public void Score_WhenAffinityAgentIsMoreThan20PercentWorse_TheBetterAgentStillWins()
    {
        var board = Board();
        board.Record("a", 20, success: true);   // 0.8333
        board.Record("b", 80, success: true);   // 0.5556 × 1.2 = 0.6667 < 0.8333
        board.Record("c", 900, success: true);

        var scores = board.Score(affinityAgent: "b");

        Assert.Equal(["a", "b", "c"], scores.Select(s => s.Agent));
        Assert.Equal(1 / 1.8 * 1.2, scores[1].Score, 12);
    }

    [Fact]
    public void Record_WhenCallFails_LowersSuccessAndKeepsLatency()
    {
        var board = Board(new RouterOptions { EwmaAlpha = 0.2, LatencyScaleMs = 100, PriorLatencyMs = 50 });

        board.Record("a", 150, success: true);  // latency 50 + 0.2 × (150 − 50) = 70
        board.Record("a", 5000, success: false); // success 1 + 0.2 × (0 − 1) = 0.8; latency unchanged

        var a = board.Score(null).Single(s => s.Agent == "a");
        Assert.Equal(70, a.LatencyMs, 12);
        Assert.Equal(0.8, a.SuccessRate, 12);
        Assert.Equal(0.8 / 1.7, a.Performance, 12);
    }

    [Fact]
    public void Score_WhenRouterHasCallsInFlight_CountsThemAgainstMaxConcurrency()
    {
        var board = Board();
        for (var i = 0; i < 3; i++)
        {
            board.CallStarted("c"); // c allows 4 at once: load 0.75
        }

        board.ReportInFlight("c", 1); // an older report that is lower: the router's own count wins
        Assert.Equal(0.75, board.Score(null).Single(s => s.Agent == "c").Load, 12);

        board.CallEnded("c");
        board.CallEnded("c");
        board.CallEnded("c");
        Assert.Equal(0.25, board.Score(null).Single(s => s.Agent == "c").Load, 12);
    }

    [Fact]
    public void ReportInFlight_WhenOverFull_CapsAtOneSoTheScoreIsZero()
    {
        var board = Board();
        board.ReportInFlight("a", 24);

        Assert.Equal(0, board.Score(null).Single(s => s.Agent == "a").Score);
    }

    [Fact]
    public void Score_WhenNoMatchesGiven_EveryMatchIsOneWithoutRelevance()
    {
        var scores = Board().Score(null);

        Assert.All(scores, s => Assert.Equal((1.0, (double?)null), (s.Match, s.Relevance)));
        Assert.All(scores, s => Assert.Equal(1 / 1.5, s.Score, 12));
    }

    [Fact]
    public void Score_WhenFasterAgentMatchesTheTextWorse_TheBetterMatchWins()
    {
        var board = Board();
        board.Record("a", 20, success: true);   // performance 0.8333
        board.Record("b", 60, success: true);   // performance 0.625
        board.Record("c", 900, success: true);  // performance 0.1
        var matches = TextMatch.For(new Dictionary<string, double> { ["a"] = 0.4, ["b"] = 0.8, ["c"] = 0.8 }, textWeight: 2);

        var scores = board.Score(null, matches);

        Assert.Equal(["b", "a", "c"], scores.Select(s => s.Agent));
        Assert.Equal(0.625, scores[0].Score, 12);          // match 1
        Assert.Equal(1 / 1.2 * 0.25, scores[1].Score, 12); // (0.4 / 0.8)² = 0.25
        Assert.Equal((0.8, 1.0), (scores[0].Relevance, scores[0].Match));
        Assert.Equal((0.4, 0.25), (scores[1].Relevance, scores[1].Match));
    }

    [Fact]
    public void Score_WithAffinityLoadAndMatch_MultipliesEveryFactor()
    {
        var board = Board();
        board.Record("a", 25, success: true);  // performance 0.8
        board.ReportInFlight("a", 2);          // load 2 of 8 = 0.25
        var matches = new Dictionary<string, TextMatch> { ["a"] = new(0.3, 0.5) };

        var a = board.Score("a", matches).Single(s => s.Agent == "a");

        Assert.Equal(0.8 * 0.75 * 1.2 * 0.5, a.Score, 12);
        Assert.Equal(1.0, board.Score("a", matches).Single(s => s.Agent == "b").Match); // a candidate without a match: 1
    }
}
