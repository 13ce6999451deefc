using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Inference;

/// <summary>
/// The per-device queue in front of one <see cref="EmbeddingModel"/>. Requests from every agent of the silo join the
/// same batches: a batch is dispatched when it holds <see cref="InferenceOptions.MaxBatchSize"/> requests or when its
/// first request has waited <see cref="InferenceOptions.MaxQueueDelay"/>. One batch runs at a time.
/// </summary>
internal sealed partial class InferenceBatcher : IAsyncDisposable
{
    private readonly Channel<PendingEmbedding> _queue;
    private readonly EmbeddingModel _model;
    private readonly InferenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _depth;

    public InferenceBatcher(EmbeddingModel model, InferenceOptions options, TimeProvider time, ILogger logger)
    {
        _model = model;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingEmbedding>(new BoundedChannelOptions(options.MaxQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunLoopAsync);
    }

    public EmbeddingModel Model => _model;

    /// <summary>Tokens per request after truncation.</summary>
    public int MaxSequenceLength => _options.MaxSequenceLength;

    /// <summary>Requests waiting for a batch.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Tokenizes <paramref name="text"/> and queues it; completes when its batch has run.</summary>
    /// <exception cref="AgentException">The queue is full (<see cref="AgentErrorCode.Overloaded"/>).</exception>
    public Task<EmbeddingResult> EnqueueAsync(string text, int priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingEmbedding(_model.Encoder.Encode(text, _options.MaxSequenceLength), priority, _time.GetTimestamp());
        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled request completes at once; the loop drops it before its batch runs.
            pending.Cancellation = cancellationToken.Register(static state =>
            {
                var (p, token) = ((PendingEmbedding, CancellationToken))state!;
                p.TrySetCanceled(token);
            }, (pending, cancellationToken));
        }

        Interlocked.Increment(ref _depth);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _depth);
            pending.Cancellation.Dispose();
            AgentsInstruments.InferenceRejected.Add(1, new("device", _model.Device), new("reason", "queue-full"));
            throw new AgentException(
                AgentErrorCode.Overloaded,
                $"The inference queue of device '{_model.Device}' is full ({_options.MaxQueueLength} requests waiting); retry later.");
        }

        return pending.Task;
    }

    private async Task RunLoopAsync()
    {
        var batch = new List<PendingEmbedding>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                batch.Clear();
                Drain(reader, batch);
                if (batch.Count == 0)
                {
                    continue;
                }

                await FillUntilDueAsync(reader, batch).ConfigureAwait(false);
                Run(batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task FillUntilDueAsync(ChannelReader<PendingEmbedding> reader, List<PendingEmbedding> batch)
    {
        var due = batch[0].EnqueuedAt;
        while (batch.Count < _options.MaxBatchSize)
        {
            var remaining = _options.MaxQueueDelay - _time.GetElapsedTime(due);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = new CancellationTokenSource(remaining, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, timer.Token);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                return;
            }

            Drain(reader, batch);
        }
    }

    private void Drain(ChannelReader<PendingEmbedding> reader, List<PendingEmbedding> batch)
    {
        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
        {
            Interlocked.Decrement(ref _depth);
            batch.Add(pending);
        }
    }

    private void Run(List<PendingEmbedding> batch)
    {
        // Requests cancelled while they waited (in the queue or in the open batch) are dropped without running.
        var cancelled = batch.RemoveAll(static p =>
        {
            p.Cancellation.Dispose();
            return p.Task.IsCompleted;
        });
        if (cancelled > 0)
        {
            AgentsInstruments.InferenceRejected.Add(cancelled, new("device", _model.Device), new("reason", "cancelled"));
        }

        if (batch.Count == 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        try
        {
            var tokens = new TokenizedText[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                tokens[i] = batch[i].Tokens;
            }

            var vectors = _model.Embed(tokens);
            var inferenceMs = _time.GetElapsedTime(started).TotalMilliseconds;
            var device = new KeyValuePair<string, object?>("device", _model.Device);
            AgentsInstruments.InferenceBatchSize.Record(batch.Count, device);
            AgentsInstruments.InferenceDuration.Record(inferenceMs, device);
            for (var i = 0; i < batch.Count; i++)
            {
                var queueMs = _time.GetElapsedTime(batch[i].EnqueuedAt, started).TotalMilliseconds;
                AgentsInstruments.InferenceQueueWait.Record(queueMs, device);
                batch[i].TrySetResult(new EmbeddingResult
                {
                    Vector = vectors[i],
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.TrySetException(new ObjectDisposedException(nameof(InferenceBatcher), "The silo is shutting down."));
        }

        _stopping.Dispose();
        _model.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference batch of {Count} request(s) on device {Device} failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string device, int count);
}
