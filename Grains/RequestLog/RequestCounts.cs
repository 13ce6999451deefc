namespace OrleansAgents.RequestLog;

/// <summary>
/// Requests, errors, cache hits and a latency histogram (<see cref="LatencyBins"/>) of one agent: summed over a window
/// of a silo's time buckets (<see cref="RollingRequestWindow"/>), then over silos. Sums are exact, so silos' counts add up.
/// </summary>
[GenerateSerializer, Alias("OrleansAgents.RequestCounts")]
internal sealed class RequestCounts
{
    [Id(0)]
    public long Requests { get; private set; }

    [Id(1)]
    public long Errors { get; private set; }

    /// <summary>Requests answered from a cache layer or by sharing another request's computation.</summary>
    [Id(2)]
    public long Hits { get; private set; }

    [Id(3)]
    public double MinMs { get; private set; } = double.PositiveInfinity;

    [Id(4)]
    public double MaxMs { get; private set; }

    /// <summary>Requests per latency bin.</summary>
    [Id(5)]
    public long[] Bins { get; private set; } = new long[LatencyBins.Count];

    /// <summary>Adds one time bucket's figures.</summary>
    public void Add(long requests, long errors, long hits, double minMs, double maxMs, ReadOnlySpan<int> bins)
    {
        if (requests == 0)
        {
            return;
        }

        AddTotals(requests, errors, hits, minMs, maxMs);
        for (var i = 0; i < bins.Length; i++)
        {
            Bins[i] += bins[i];
        }
    }

    /// <summary>Adds another silo's sum.</summary>
    public void Add(RequestCounts other)
    {
        if (other.Requests == 0)
        {
            return;
        }

        AddTotals(other.Requests, other.Errors, other.Hits, other.MinMs, other.MaxMs);
        for (var i = 0; i < Bins.Length; i++)
        {
            Bins[i] += other.Bins[i];
        }
    }

    /// <summary>
    /// The nearest-rank <paramref name="quantile"/> of the latencies (the smallest latency with at least that share of
    /// requests at or below it), within <see cref="LatencyBins.RelativeError"/>; null without requests.
    /// </summary>
    public double? Percentile(double quantile)
    {
        if (Requests == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Requests));
        long seen = 0;
        var index = 0;
        while (index < Bins.Length - 1 && (seen += Bins[index]) < rank)
        {
            index++;
        }

        // The true value lies between the smallest and largest latency seen: a lone request is reported exactly.
        return Math.Clamp(LatencyBins.ValueOf(index), MinMs, MaxMs);
    }

    private void AddTotals(long requests, long errors, long hits, double minMs, double maxMs)
    {
        Requests += requests;
        Errors += errors;
        Hits += hits;
        MinMs = Math.Min(MinMs, minMs);
        MaxMs = Math.Max(MaxMs, maxMs);
    }
}
