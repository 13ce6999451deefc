namespace OrleansAgents.Inference;

/// <summary>A queued request: its tokens, when it arrived and the promise its caller awaits.</summary>
internal sealed class PendingEmbedding(TokenizedText tokens, int priority, long enqueuedAt)
    : TaskCompletionSource<EmbeddingResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public TokenizedText Tokens { get; } = tokens;

    public int Priority { get; } = priority;

    public long EnqueuedAt { get; } = enqueuedAt;

    public CancellationTokenRegistration Cancellation { get; set; }
}
