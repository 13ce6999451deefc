using System.Diagnostics;

namespace OrleansAgents.Inference;

/// <summary>A queued request: its tokens, priority, tenant, arrival, deadline and the promise its caller awaits.</summary>
internal sealed class PendingEmbedding(TokenizedText tokens, int priority, long enqueuedAt, long deadline, string? tenant = null)
    : TaskCompletionSource<EmbeddingResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>No deadline.</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>The queue's key of the anonymous tenant (no tenant named); a control character, so no caller can name it.</summary>
    public const string AnonymousTenant = "\0";

    public TokenizedText Tokens { get; } = tokens;

    public int Priority { get; } = priority;

    /// <summary>Whose share of the queue the request counts against: the caller's tenant, or <see cref="AnonymousTenant"/>.</summary>
    public string Tenant { get; } = tenant ?? AnonymousTenant;

    /// <summary>Arrival, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Timestamp after which the request must not run, or <see cref="NoDeadline"/>.</summary>
    public long Deadline { get; } = deadline;

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>The span that queued the request (the caller's), or <see langword="default"/> when none was recorded.</summary>
    public ActivityContext Span { get; init; }
}
