namespace OrleansAgents.Benchmarks.Inference;

/// <summary>The figures of an open-loop phase: latency from the intended send time at a fixed fraction of the peak.</summary>
/// <param name="LoadFraction">The target rate as a fraction of <paramref name="PeakRequestsPerSecond"/>.</param>
/// <param name="PeakRequestsPerSecond">The closed-loop throughput the rate derives from.</param>
/// <param name="TargetRequestsPerSecond">The constant arrival rate aimed at.</param>
/// <param name="SentRequestsPerSecond">Requests answered over the sending time.</param>
/// <param name="P50Ms">Median latency from intended send time.</param>
/// <param name="P95Ms">95th percentile of the same.</param>
/// <param name="P99Ms">99th percentile of the same.</param>
/// <param name="Requests">Requests answered.</param>
/// <param name="Failed">Requests that failed (rejected or timed out).</param>
internal sealed record OpenLoopResult(
    double LoadFraction,
    double PeakRequestsPerSecond,
    double TargetRequestsPerSecond,
    double SentRequestsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    long Requests,
    int Failed);
