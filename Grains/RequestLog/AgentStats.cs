namespace OrleansAgents.RequestLog;

/// <summary>An agent's figures over a window, from the request log or from the silos' memory.</summary>
/// <param name="Agent">The agent's canonical name.</param>
/// <param name="Window">The window asked for.</param>
/// <param name="Requests">Finished requests in the window.</param>
/// <param name="ErrorRate">Share of them that did not end <c>ok</c> (timeouts, cancellations, errors).</param>
/// <param name="HitRatio">Share answered by a cache layer or by sharing another request's computation.</param>
/// <param name="P50Ms">Median latency in milliseconds; null without requests.</param>
/// <param name="P95Ms">95th percentile latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds.</param>
/// <param name="Errors">Requests that did not end <c>ok</c>.</param>
/// <param name="Source">Which source answered: <see cref="PostgresSource"/> or <see cref="MemorySource"/>.</param>
public sealed record AgentStats(
    string Agent,
    TimeSpan Window,
    long Requests,
    double ErrorRate,
    double HitRatio,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    long Errors,
    string Source)
{
    /// <summary>Figures from the PostgreSQL request log: exact, interpolated percentiles (<c>percentile_cont</c>).</summary>
    public const string PostgresSource = "postgres";

    /// <summary>Figures from the silos' in-memory rolling windows: whole-bucket windows, binned percentiles.</summary>
    public const string MemorySource = "memory";
}
