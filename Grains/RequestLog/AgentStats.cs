namespace OrleansAgents.RequestLog;

/// <summary>An agent's figures over a window, from the request log.</summary>
public sealed record AgentStats(
    string Agent,
    TimeSpan Window,
    long Requests,
    double ErrorRate,
    double HitRatio,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms);
