using Microsoft.Extensions.Time.Testing;
using OrleansAgents.RequestLog;

namespace OrleansAgents.Tests.RequestLog;

public sealed class LiveRequestStatsTests
{
    private const string Agent = "semgrep-security-analyzer";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LiveRequestStats _stats;

    public LiveRequestStatsTests() => _stats = new LiveRequestStats(_time);

    private void Record(double ms, string outcome = "ok", string cache = "none", bool coalesced = false, string agent = Agent)
        => _stats.Record(new RequestLogEntry(
            Guid.NewGuid().ToString("N"), agent, "light", null, null, outcome, cache, coalesced, 1, 0, 0, ms, _time.GetUtcNow()));

    [Fact]
    public void Get_WhenRequestsRecorded_CountsExactRequestsErrorsAndHits()
    {
        Record(5);
        Record(6, outcome: "timeout");
        Record(7, outcome: "cancelled");
        Record(0.2, cache: "l1");
        Record(3, cache: "l2");
        Record(9, coalesced: true);
        Record(4, agent: "another-agent");

        var counts = _stats.Get(Agent, TimeSpan.FromHours(1));

        Assert.Equal((6L, 2L, 3L), (counts.Requests, counts.Errors, counts.Hits));
        Assert.Equal((0.2, 9.0), (counts.MinMs, counts.MaxMs));
    }

    [Fact]
    public void Get_WhenNoRequests_ReturnsZeroAndNoPercentiles()
    {
        var counts = _stats.Get(Agent, TimeSpan.FromHours(1));
        Assert.Equal(0, counts.Requests);
        Assert.Null(counts.Percentile(0.5));
    }

    [Fact]
    public void Percentile_WhenLatencies1To1000Ms_IsWithinTheDocumentedPrecisionOfNearestRank()
    {
        foreach (var ms in Enumerable.Range(1, 1000).Reverse())
        {
            Record(ms);
            _time.Advance(TimeSpan.FromSeconds(3)); // 50 minutes in all: spread over many minute buckets
        }

        var counts = _stats.Get(Agent, TimeSpan.FromHours(1));

        Assert.Equal(1000, counts.Requests);
        foreach (var (quantile, exact) in new[] { (0.50, 500.0), (0.95, 950.0), (0.99, 990.0), (1.0, 1000.0) })
        {
            AssertWithin(exact, counts.Percentile(quantile));
        }
    }

    [Fact]
    public void Percentile_WhenOneLatency_ReportsItExactly()
    {
        Record(12.34);
        Assert.Equal(12.34, _stats.Get(Agent, TimeSpan.FromMinutes(15)).Percentile(0.99));
    }

    [Fact]
    public void Get_WhenRequestsOlderThanTheWindowAndItsBucket_LeavesThemOut()
    {
        Record(5); // 12:00:00
        _time.Advance(TimeSpan.FromMinutes(30));
        Record(6); // 12:30:00

        _time.Advance(TimeSpan.FromMinutes(15)); // 12:45: the 15 min window starts in the 12:30 bucket
        Assert.Equal(1, _stats.Get(Agent, TimeSpan.FromMinutes(15)).Requests);
        Assert.Equal(2, _stats.Get(Agent, TimeSpan.FromHours(1)).Requests);

        _time.Advance(TimeSpan.FromMinutes(16)); // 13:01: the 1 h window starts in the 12:01 bucket
        Assert.Equal(1, _stats.Get(Agent, TimeSpan.FromHours(1)).Requests);
        Assert.Equal(2, _stats.Get(Agent, TimeSpan.FromHours(2)).Requests); // hour buckets 11:00–13:00

        _time.Advance(TimeSpan.FromMinutes(30)); // 13:31
        Assert.Equal(0, _stats.Get(Agent, TimeSpan.FromHours(1)).Requests);
    }

    [Fact]
    public void Get_WhenWindowStartsInsideABucket_CountsThatWholeBucket()
    {
        _time.Advance(TimeSpan.FromSeconds(30));
        Record(5); // 12:00:30
        _time.Advance(TimeSpan.FromSeconds(50)); // 12:01:20: the 1 min window starts at 12:00:20, in the 12:00 bucket

        Assert.Equal(1, _stats.Get(Agent, TimeSpan.FromMinutes(1)).Requests);
    }

    [Fact]
    public void Get_WhenTheRingsWrapAround_ReusesSlotsWithoutTheOldCounts()
    {
        Record(5);
        _time.Advance(TimeSpan.FromMinutes(61)); // the same minute slot
        Record(6);
        Assert.Equal(1, _stats.Get(Agent, TimeSpan.FromHours(1)).Requests);

        _time.Advance(TimeSpan.FromHours(745) - TimeSpan.FromMinutes(61)); // the same hour slot as the first request
        Record(7);
        var month = _stats.Get(Agent, RequestLogStats.MaxWindow); // 13:01's and this one; the 12:00 hour is gone
        Assert.Equal((2L, 6.0, 7.0), (month.Requests, month.MinMs, month.MaxMs));
    }

    [Fact]
    public void Add_WhenTwoSilosCounts_SumsExactly()
    {
        var other = new LiveRequestStats(_time);
        Record(5, outcome: "timeout");
        other.Record(new RequestLogEntry("x", Agent, "light", null, null, "ok", "l1", false, 1, 0, 0, 50, _time.GetUtcNow()));

        var sum = new RequestCounts();
        sum.Add(_stats.Get(Agent, TimeSpan.FromHours(1)));
        sum.Add(other.Get(Agent, TimeSpan.FromHours(1)));

        Assert.Equal((2L, 1L, 1L, 5.0, 50.0), (sum.Requests, sum.Errors, sum.Hits, sum.MinMs, sum.MaxMs));
        AssertWithin(5, sum.Percentile(0.5));
        AssertWithin(50, sum.Percentile(0.99));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.37)]
    [InlineData(1)]
    [InlineData(123.4)]
    [InlineData(30_000)]
    [InlineData(300_000)]
    public void ValueOf_WhenLatencyInRange_IsWithinRelativeErrorOfIt(double ms)
    {
        var value = LatencyBins.ValueOf(LatencyBins.IndexOf(ms));
        Assert.True(Math.Abs(value - ms) / ms <= LatencyBins.RelativeError, $"{value} for {ms}");
    }

    [Fact]
    public void IndexOf_WhenOutOfRange_UsesTheEndBins()
    {
        Assert.Equal(0, LatencyBins.IndexOf(0.001));
        Assert.Equal(LatencyBins.Count - 1, LatencyBins.IndexOf(1e9));
        Assert.Equal(0.044, Math.Round(LatencyBins.RelativeError, 3));
    }

    private static void AssertWithin(double exact, double? estimate)
        => Assert.True(Math.Abs(estimate!.Value - exact) / exact <= LatencyBins.RelativeError, $"{estimate} vs {exact}");
}
