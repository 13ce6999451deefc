using OrleansAgents.Client.Cli.Load;

namespace OrleansAgents.Tests.Client.Load;

public sealed class LoadThresholdTests
{
    private static readonly LoadSummary Summary = new()
    {
        Scenario = "baseline",
        Target = "http://127.0.0.1:8080/",
        Model = "closed",
        DurationSeconds = 10,
        Requests = 2000,
        Errors = 4,
        P50Ms = 12,
        P90Ms = 40,
        P95Ms = 800,
        P99Ms = 2500,
        MaxMs = 4000,
        MeanMs = 30,
        ErrorsByKind = new Dictionary<string, long> { ["503 overloaded"] = 4 },
        CacheLayers = new Dictionary<string, long> { ["none"] = 996, ["l1"] = 1000 },
        Series = [],
    };

    [Theory]
    [InlineData("p95<1000ms", true)]
    [InlineData("p95<0.5s", false)]
    [InlineData("p99<2s", false)]
    [InlineData("p99<=2500ms", true)]
    [InlineData("errors<0.1%", false)]
    [InlineData("errors<0.5%", true)]
    [InlineData("errors<0.01", true)]
    [InlineData("rps>100", true)]
    [InlineData("rps>=201", false)]
    [InlineData("max < 5s", true)]
    public void Passes_WhenParsed_ComparesTheMeasuredFigure(string text, bool expected)
    {
        Assert.True(LoadThreshold.TryParse(text, out var threshold, out var error), error);
        Assert.Equal(expected, threshold!.Passes(Summary));
    }

    [Theory]
    [InlineData("p95 1000ms", "--threshold 'p95 1000ms' is not METRIC<op>VALUE, e.g. \"p95<1000ms\", \"errors<0.1%\" or \"rps>100\".")]
    [InlineData("p97<1s", "--threshold 'p97<1s': unknown metric 'p97'; use p50, p90, p95, p99, max, mean, errors or rps.")]
    [InlineData("p95<1000", "--threshold 'p95<1000': '1000' is not a valid limit for p95 (latency needs a unit such as 1000ms or 2s; errors a percentage such as 0.1%).")]
    [InlineData("rps>lots", "--threshold 'rps>lots': 'lots' is not a valid limit for rps (latency needs a unit such as 1000ms or 2s; errors a percentage such as 0.1%).")]
    public void TryParse_WhenMalformed_NamesTheThreshold(string text, string expected)
    {
        Assert.False(LoadThreshold.TryParse(text, out var threshold, out var error));
        Assert.Null(threshold);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void FormatActual_WhenErrors_ShowsAPercentage()
    {
        Assert.True(LoadThreshold.TryParse("errors<0.1%", out var threshold, out _));
        Assert.Equal("0.2%", threshold!.FormatActual(Summary));
    }
}
