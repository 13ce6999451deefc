namespace OrleansAgents.Inference;

/// <summary>A queued request: its tokens, priority, arrival, deadline and the promise its caller awaits.</summary>
internal sealed class PendingEmbedding(TokenizedText tokens, int priority, long enqueuedAt, long deadline)
    : TaskCompletionSource<EmbeddingResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>No deadline.</summary>
    public const long NoDeadline = long.MaxValue;

    public TokenizedText Tokens { get; } = tokens;

    public int Priority { get; } = priority;

    /// <summary>Arrival, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Timestamp after which the request must not run, or <see cref="NoDeadline"/>.</summary>
    public long Deadline { get; } = deadline;

    public CancellationTokenRegistration Cancellation { get; set; }
}
