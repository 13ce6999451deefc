namespace OrleansAgents.Benchmarks.Inference;

/// <summary>The figures of one benchmark mode.</summary>
internal sealed record LoadResult(
    string Mode,
    double RequestsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MeanBatchSize,
    double PaddingRatio,
    long Requests,
    double? WorkingSetMb = null,
    double? SessionsMb = null,
    double? CpuUsPerRequest = null)
{
    public static LoadResult From(string mode, List<double> latencies, double seconds, double meanBatch, double padding)
    {
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new(mode, latencies.Count / seconds, P(0.50), P(0.95), P(0.99), meanBatch, padding, latencies.Count);
    }
}
