using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Inference;

/// <summary>
/// The dynamic batcher of one device. Requests from every agent of the silo wait in one bounded <see cref="BatchQueue"/>;
/// a batch runs when it is full or when its oldest request has waited <see cref="InferenceOptions.MaxQueueDelay"/>, at most
/// <see cref="DeviceLimits.MaxConcurrentBatches"/> at a time (the device's own limits, see <see cref="InferenceOptions.LimitsFor"/>). While a batch runs, new requests accumulate, so under
/// load batches fill without waiting. Requests whose deadline passes or that are cancelled while queued never run.
/// </summary>
internal sealed partial class InferenceBatcher : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly BatchQueue _queue;
    private readonly EmbeddingModel _model;
    private readonly InferenceOptions _options;
    private readonly DeviceLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InferenceInstruments _instruments;
    private readonly SemaphoreSlim _runSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private TaskCompletionSource _wake = NewWake();
    private bool _disposed;

    /// <param name="limits">The device's batching limits; default: <paramref name="options"/>' limits for the model's device.</param>
    public InferenceBatcher(EmbeddingModel model, InferenceOptions options, InferenceInstruments instruments, TimeProvider time, ILogger logger, DeviceLimits? limits = null)
    {
        _model = model;
        _options = options;
        _limits = limits ?? options.LimitsFor(model.Device);
        _instruments = instruments;
        _time = time;
        _logger = logger;
        _queue = new BatchQueue(options, time, _limits.MaxBatchSize);
        _runSlots = new SemaphoreSlim(_limits.MaxConcurrentBatches, _limits.MaxConcurrentBatches);
        // The loop outlives whatever call created the batcher: it must not carry that call's span (or anything else).
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunLoopAsync);
        }
    }

    public string Device => _model.Device;

    /// <summary>Requests waiting for a batch.</summary>
    public int QueueDepth
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Tokenizes <paramref name="text"/> and queues it; completes when its batch has run.</summary>
    /// <param name="text">The text to embed.</param>
    /// <param name="priority">0 (lowest) to 9.</param>
    /// <param name="deadline">When the request stops being worth running; <see langword="null"/> for none.</param>
    /// <param name="tenant">Whose queue share it uses; <see langword="null"/> for the anonymous tenant.</param>
    /// <param name="cancellationToken">Removes the request from the queue when cancelled.</param>
    /// <param name="document">Whether the text is a document (a label) rather than a query (a request): documents never
    /// get the model's <see cref="NamedModel.QueryPrefix"/>.</param>
    /// <exception cref="InferenceOverloadedException">The queue is full, or the tenant holds its share of it.</exception>
    /// <exception cref="AgentTimeoutException">The deadline has passed (at once, or later through the task).</exception>
    public Task<EmbeddingResult> EnqueueAsync(string text, int priority, DateTimeOffset? deadline, string? tenant, CancellationToken cancellationToken, bool document = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetTimestamp();
        var deadlineTimestamp = PendingEmbedding.NoDeadline;
        if (deadline is { } d)
        {
            var remaining = d - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                _instruments.OnRejected(Device, RejectionReason.Deadline);
                throw AgentTimeoutException.InQueue(Device, TimeSpan.Zero);
            }

            deadlineTimestamp = now + (long)(remaining.TotalSeconds * _time.TimestampFrequency);
        }

        var model = _model.Description;
        var input = document || model.QueryPrefix.Length == 0 ? text : model.QueryPrefix + text;
        var pending = new PendingEmbedding(_model.Encoder.Encode(input, Math.Min(_options.MaxSequenceLength, model.MaxTokens)), priority, now, deadlineTimestamp, tenant)
        {
            Span = Activity.Current?.Context ?? default,
        };
        RejectionReason? rejected;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            rejected = _queue.Add(pending);
            // Wake the loop only when the due state may change: the first request starts the clock, a full batch is due.
            if (rejected is null && (_queue.Count == 1 || _queue.Count >= _limits.MaxBatchSize))
            {
                _wake.TrySetResult();
            }
        }

        if (rejected is { } reason)
        {
            _instruments.OnRejected(Device, reason);
            throw reason == RejectionReason.TenantShare
                ? InferenceOverloadedException.TenantShare(Device, pending.Tenant, _options.MaxTenantQueueShare, _queue.TenantLimit, _options.MaxQueueLength)
                : new InferenceOverloadedException(Device, _options.MaxQueueLength);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled request completes at once; the queue drops it before its batch runs.
            pending.Cancellation = cancellationToken.Register(static state =>
            {
                var (p, token) = ((PendingEmbedding, CancellationToken))state!;
                p.TrySetCanceled(token);
            }, (pending, cancellationToken));
        }

        return pending.Task;
    }

    private async Task RunLoopAsync()
    {
        try
        {
            while (true)
            {
                await _runSlots.WaitAsync(_stopping.Token).ConfigureAwait(false);
                List<PendingEmbedding> batch;
                try
                {
                    batch = await NextBatchAsync().ConfigureAwait(false);
                }
                catch
                {
                    _runSlots.Release();
                    throw;
                }

                if (_limits.MaxConcurrentBatches == 1)
                {
                    RunAndRelease(batch);
                }
                else
                {
                    _ = Task.Run(() => RunAndRelease(batch));
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<List<PendingEmbedding>> NextBatchAsync()
    {
        var batch = new List<PendingEmbedding>(_limits.MaxBatchSize);
        var cancelled = new List<PendingEmbedding>();
        var expired = new List<PendingEmbedding>();
        while (true)
        {
            TimeSpan wait;
            Task wake;
            long decidedAt;
            lock (_lock)
            {
                var now = decidedAt = _time.GetTimestamp();
                _queue.RemoveFinished(now, cancelled, expired);
                if (_queue.IsDue(now))
                {
                    _queue.TakeBatch(now, batch);
                }

                wait = _queue.TimeUntilNextEvent(now);
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewWake();
                }

                wake = _wake.Task;
            }

            Reject(cancelled, expired);
            if (batch.Count > 0)
            {
                return batch;
            }

            await WaitAsync(wake, wait, decidedAt).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(Task wake, TimeSpan wait, long decidedAt)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            await wake.WaitAsync(_stopping.Token).ConfigureAwait(false);
            return;
        }

        var due = decidedAt + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var delay = Task.Delay(wait, _time, timer.Token);
        // Time may have moved between the decision and the timer's creation; the timer would then fire a full wait late.
        if (_time.GetTimestamp() < due)
        {
            await Task.WhenAny(wake, delay).ConfigureAwait(false);
        }

        await timer.CancelAsync().ConfigureAwait(false);
        _stopping.Token.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        // Let running batches finish before the session goes away.
        for (var i = 0; i < _limits.MaxConcurrentBatches; i++)
        {
            await _runSlots.WaitAsync().ConfigureAwait(false);
        }

        var left = new List<PendingEmbedding>();
        lock (_lock)
        {
            _queue.TakeAll(left);
        }

        foreach (var pending in left)
        {
            pending.TrySetException(new ObjectDisposedException(nameof(InferenceBatcher), "The silo is shutting down."));
        }

        _stopping.Dispose();
        _model.Dispose();
    }
}
