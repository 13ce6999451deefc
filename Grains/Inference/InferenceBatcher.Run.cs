using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Inference;

/// <summary>Running a batch, and completing the requests that will never run.</summary>
internal sealed partial class InferenceBatcher
{
    private void Reject(List<PendingEmbedding> cancelled, List<PendingEmbedding> expired)
    {
        if (cancelled.Count > 0)
        {
            _instruments.OnRejected(Device, RejectionReason.Cancelled, cancelled.Count);
            foreach (var item in cancelled)
            {
                item.Cancellation.Dispose();
                TraceRejected(item, RejectionReason.Cancelled);
            }

            cancelled.Clear();
        }

        if (expired.Count > 0)
        {
            _instruments.OnRejected(Device, RejectionReason.Deadline, expired.Count);
            foreach (var item in expired)
            {
                item.Cancellation.Dispose();
                TraceRejected(item, RejectionReason.Deadline);
                item.TrySetException(AgentTimeoutException.InQueue(Device, _time.GetElapsedTime(item.EnqueuedAt)));
            }

            expired.Clear();
        }
    }

    private void RunAndRelease(List<PendingEmbedding> batch)
    {
        try
        {
            Run(batch);
        }
        finally
        {
            _runSlots.Release();
        }
    }

    private void Run(List<PendingEmbedding> batch)
    {
        var started = _time.GetTimestamp();
        var span = StartBatchSpan(batch, started);
        try
        {
            var tokens = new TokenizedText[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                tokens[i] = batch[i].Tokens;
            }

            var run = _model.Embed(tokens);
            _instruments.OnBatchRun(Device, batch.Count, _limits.MaxBatchSize, TimeSpan.FromMilliseconds(run.RunMs), run.PaddingRatio);
            var inference = _time.GetElapsedTime(started);
            var inferenceMs = inference.TotalMilliseconds;
            span.End(_time.GetUtcNow()); // before the callers resume: their traces are complete when they answer
            for (var i = 0; i < batch.Count; i++)
            {
                var queued = _time.GetElapsedTime(batch[i].EnqueuedAt, started);
                var queueMs = queued.TotalMilliseconds;
                _instruments.OnRequestRan(Device, queued, inference);
                batch[i].Cancellation.Dispose();
                batch[i].TrySetResult(new EmbeddingResult
                {
                    Vector = run.Vectors[i],
                    TokenCount = batch[i].Tokens.Ids.Length,
                    Truncated = batch[i].Tokens.Truncated,
                    BatchSize = batch.Count,
                    QueueMs = queueMs,
                    InferenceMs = inferenceMs,
                });
            }
        }
        catch (Exception ex)
        {
            span.End(_time.GetUtcNow(), ex);
            LogBatchFailed(_logger, ex, _model.Device, batch.Count);
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
    }

    /// <summary>Records each request's queue wait and starts the run's span, when a tracer provider listens.</summary>
    private Activity? StartBatchSpan(List<PendingEmbedding> batch, long started)
    {
        if (!AgentsActivitySource.IsListened)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var requests = new ActivityContext[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            requests[i] = batch[i].Span;
            AgentsActivitySource.OnQueueLeft(batch[i].Span, Device, now - _time.GetElapsedTime(batch[i].EnqueuedAt, started), now);
        }

        return AgentsActivitySource.StartBatch(Device, requests, now);
    }

    private void TraceRejected(PendingEmbedding item, RejectionReason reason)
    {
        if (AgentsActivitySource.IsListened)
        {
            var now = _time.GetUtcNow();
            AgentsActivitySource.OnQueueLeft(item.Span, Device, now - _time.GetElapsedTime(item.EnqueuedAt), now, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference batch of {Count} request(s) on device {Device} failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string device, int count);
}
