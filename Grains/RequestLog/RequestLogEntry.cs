namespace OrleansAgents.RequestLog;

/// <summary>One finished agent request, as the request log stores it.</summary>
public sealed record RequestLogEntry(
    string RequestId,
    string Agent,
    string Tier,
    string? UserId,
    string? Tenant,
    string Outcome,
    string CacheLayer,
    bool Coalesced,
    int BatchSize,
    double QueueMs,
    double InferenceMs,
    double TotalMs,
    DateTimeOffset CreatedAt);
