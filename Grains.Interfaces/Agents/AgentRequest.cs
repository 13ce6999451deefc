namespace OrleansAgents.Agents;

/// <summary>A request to one agent.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentRequest")]
public sealed record AgentRequest
{
    /// <summary>Caller-chosen id, used for idempotency and logs; generated when absent.</summary>
    [Id(0)] public string? RequestId { get; init; }

    /// <summary>The requesting user.</summary>
    [Id(1)] public string? UserId { get; init; }

    /// <summary>The requesting tenant.</summary>
    [Id(2)] public string? Tenant { get; init; }

    /// <summary>The text to score; required, at most <c>Agents:MaxRequestBytes</c> UTF-8 bytes.</summary>
    [Id(3)] public required string Text { get; init; }

    /// <summary>0 (lowest) to 9; the agent's profile priority when absent.</summary>
    [Id(4)] public int? Priority { get; init; }

    /// <summary>Whether the answer may be shared across users.</summary>
    [Id(5)] public Sensitivity Sensitivity { get; init; }

    /// <summary>Whether cached answers may be used.</summary>
    [Id(6)] public bool CacheEnabled { get; init; } = true;

    /// <summary>Deadline relative to arrival, greater than zero and at most five minutes; the agent's profile timeout when absent.</summary>
    [Id(7)] public TimeSpan? Timeout { get; init; }

    /// <summary>How many labels to return, 1–16 (default 3).</summary>
    [Id(8)] public int? TopK { get; init; }

    /// <summary>The user's service tier (e.g. <c>free</c>, <c>pro</c>); part of the cache key. Default <c>standard</c>.</summary>
    [Id(9)] public string? UserTier { get; init; }
}
