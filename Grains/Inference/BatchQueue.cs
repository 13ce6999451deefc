namespace OrleansAgents.Inference;

/// <summary>
/// The waiting requests of one device and the batch-selection policy. Not thread-safe: its batcher holds a lock.
/// <list type="bullet">
/// <item>Due: a batch is due when <see cref="InferenceOptions.MaxBatchSize"/> requests wait, or when the oldest has
/// waited <see cref="InferenceOptions.MaxQueueDelay"/>.</item>
/// <item>Selection, when more requests wait than fit: the batch is led by the request of highest effective priority
/// (its priority plus one per <see cref="InferenceOptions.PriorityAgingInterval"/> waited, which bounds starvation;
/// oldest first among equals). The rest of the batch comes from the head's length bucket, highest effective priority
/// first, then from the nearest buckets (shorter before longer), so that one batch pads little. A lower-priority
/// request can thus ride along with a higher-priority head of its length, but never leads while a higher one waits.</item>
/// </list>
/// </summary>
internal sealed class BatchQueue(InferenceOptions options, TimeProvider time)
{
    private readonly List<PendingEmbedding> _items = [];
    private readonly List<(PendingEmbedding Item, long Priority, int Bucket, int Arrival)> _ranked = [];

    public int Count => _items.Count;

    /// <summary>Adds <paramref name="item"/> unless <see cref="InferenceOptions.MaxQueueLength"/> requests already wait.</summary>
    public bool TryAdd(PendingEmbedding item)
    {
        if (_items.Count >= options.MaxQueueLength)
        {
            return false;
        }

        _items.Add(item);
        return true;
    }

    /// <summary>Removes requests that were cancelled (already completed) or whose deadline has passed at <paramref name="now"/>.</summary>
    public void RemoveFinished(long now, List<PendingEmbedding> cancelled, List<PendingEmbedding> expired)
    {
        _items.RemoveAll(item =>
        {
            if (item.Task.IsCompleted)
            {
                cancelled.Add(item);
                return true;
            }

            if (item.Deadline <= now)
            {
                expired.Add(item);
                return true;
            }

            return false;
        });
    }

    /// <summary>Whether a batch should be dispatched at <paramref name="now"/>.</summary>
    public bool IsDue(long now)
        => _items.Count > 0 && (_items.Count >= options.MaxBatchSize || time.GetElapsedTime(_items[0].EnqueuedAt, now) >= options.MaxQueueDelay);

    /// <summary>How long until a batch is due or a deadline passes; <see cref="Timeout.InfiniteTimeSpan"/> when empty.</summary>
    public TimeSpan TimeUntilNextEvent(long now)
    {
        if (_items.Count == 0)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var wait = options.MaxQueueDelay - time.GetElapsedTime(_items[0].EnqueuedAt, now);
        foreach (var item in _items)
        {
            if (item.Deadline != PendingEmbedding.NoDeadline)
            {
                var untilDeadline = time.GetElapsedTime(now, item.Deadline);
                wait = untilDeadline < wait ? untilDeadline : wait;
            }
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Moves the next batch (at most <see cref="InferenceOptions.MaxBatchSize"/> requests) into <paramref name="batch"/>.</summary>
    public void TakeBatch(long now, List<PendingEmbedding> batch)
    {
        if (_items.Count <= options.MaxBatchSize)
        {
            batch.AddRange(_items);
            _items.Clear();
            return;
        }

        _ranked.Clear();
        var agingTicks = options.PriorityAgingInterval.Ticks;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            var waited = time.GetElapsedTime(item.EnqueuedAt, now).Ticks;
            _ranked.Add((item, item.Priority + (waited / agingTicks), Bucket(item), i));
        }

        // The head: highest effective priority, oldest first among equals (arrival order is list order).
        var head = _ranked[0];
        foreach (var candidate in _ranked)
        {
            if (candidate.Priority > head.Priority)
            {
                head = candidate;
            }
        }

        var headBucket = head.Bucket;
        _ranked.Sort((a, b) =>
        {
            var byDistance = Math.Abs(a.Bucket - headBucket).CompareTo(Math.Abs(b.Bucket - headBucket));
            if (byDistance != 0)
            {
                return byDistance;
            }

            // Equally far: the shorter bucket adds no padding to the rest of the batch.
            var byBucket = a.Bucket.CompareTo(b.Bucket);
            if (byBucket != 0)
            {
                return byBucket;
            }

            var byPriority = b.Priority.CompareTo(a.Priority);
            return byPriority != 0 ? byPriority : a.Arrival.CompareTo(b.Arrival);
        });

        // The head sorts first: it is in its own bucket (distance 0), and nothing there outranks or predates it.
        for (var i = 0; i < options.MaxBatchSize; i++)
        {
            batch.Add(_ranked[i].Item);
        }

        var taken = new HashSet<PendingEmbedding>(batch, ReferenceEqualityComparer.Instance);
        _items.RemoveAll(taken.Contains);
        _ranked.Clear();
    }

    /// <summary>Moves every waiting request into <paramref name="into"/> (shutdown).</summary>
    public void TakeAll(List<PendingEmbedding> into)
    {
        into.AddRange(_items);
        _items.Clear();
    }

    private int Bucket(PendingEmbedding item)
        => options.LengthBucketTokens == 0 ? 0 : (item.Tokens.Ids.Length - 1) / options.LengthBucketTokens;
}
