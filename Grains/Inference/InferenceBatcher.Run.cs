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
            }

            cancelled.Clear();
        }

        if (expired.Count > 0)
        {
            _instruments.OnRejected(Device, RejectionReason.Deadline, expired.Count);
            foreach (var item in expired)
            {
                item.Cancellation.Dispose();
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
        try
        {
            var tokens = new TokenizedText[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                tokens[i] = batch[i].Tokens;
            }

            var run = _model.Embed(tokens);
            _instruments.OnBatchRun(Device, batch.Count, _options.MaxBatchSize, TimeSpan.FromMilliseconds(run.RunMs), run.PaddingRatio);
            var inference = _time.GetElapsedTime(started);
            var inferenceMs = inference.TotalMilliseconds;
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
            LogBatchFailed(_logger, ex, _model.Device, batch.Count);
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference batch of {Count} request(s) on device {Device} failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string device, int count);
}
