using OrleansAgents.Routing;

namespace OrleansAgents.Tests.Routing;

/// <summary>The text-match factor, exactly: (max(r, 0) / max r)^TextWeight, and 1 for all when nothing is relevant.</summary>
public sealed class TextMatchTests
{
    private static Dictionary<string, double> Relevance(params (string Agent, double R)[] r) => r.ToDictionary(x => x.Agent, x => x.R);

    [Fact]
    public void For_WhenWeightIsFour_BestIsOneOthersTheirRatioToTheFourthNegativeZero()
    {
        var matches = TextMatch.For(Relevance(("a", 0.8), ("b", 0.4), ("c", -0.2)), textWeight: 4);

        Assert.Equal(new TextMatch(0.8, 1), matches["a"]);
        Assert.Equal(new TextMatch(0.4, 0.0625), matches["b"]);
        Assert.Equal(new TextMatch(-0.2, 0), matches["c"]);
    }

    [Fact]
    public void For_WhenTwoCandidatesShareTheBestRelevance_BothMatchOne()
    {
        var matches = TextMatch.For(Relevance(("a", 0.5), ("b", 0.5), ("c", 0.25)), textWeight: 1);

        Assert.Equal([1.0, 1.0, 0.5], matches.OrderBy(m => m.Key).Select(m => m.Value.Match));
    }

    [Fact]
    public void For_WhenNoCandidateIsRelevant_EveryMatchIsOne()
    {
        var matches = TextMatch.For(Relevance(("a", 0), ("b", -0.3)), textWeight: 4);

        Assert.All(matches.Values, m => Assert.Equal(1, m.Match));
        Assert.Equal(-0.3, matches["b"].Relevance);
    }

    [Fact]
    public void For_WhenWeightIsZero_EveryMatchIsOne()
    {
        var matches = TextMatch.For(Relevance(("a", 0.9), ("b", 0.1)), textWeight: 0);

        Assert.All(matches.Values, m => Assert.Equal(1, m.Match));
    }
}
