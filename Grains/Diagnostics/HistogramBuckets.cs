namespace OrleansAgents.Diagnostics;

/// <summary>
/// Explicit bucket boundaries for the histograms (Prometheus base units: seconds, ratios), set as instrument advice so
/// that every exporter uses them; the SDK's default boundaries (0, 5, 10, … 10000) suit milliseconds, not seconds.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary>Request, queue and model-run durations: a cache hit (under a millisecond) to a request timeout (30 s).</summary>
    public static readonly IReadOnlyList<double> Latency =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Loading a model onto a device: from a cached file (tens of milliseconds) to a slow GPU start (minutes).</summary>
    public static readonly IReadOnlyList<double> ModelLoad = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>Shares between 0 and 1 (batch fill, padding).</summary>
    public static readonly IReadOnlyList<double> Ratio = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

    /// <summary>Requests per batch: powers of two up to several times the default MaxBatchSize (32).</summary>
    public static readonly IReadOnlyList<int> BatchSize = [1, 2, 4, 8, 16, 32, 64, 128, 256];
}
