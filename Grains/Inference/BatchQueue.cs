using System.Runtime.InteropServices;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Inference;

/// <summary>
/// The waiting requests of one device and the batch-selection policy. Not thread-safe: its batcher holds a lock.
/// <list type="bullet">
/// <item>Due: a batch is due when the device's MaxBatchSize (<see cref="DeviceLimits"/>) requests wait, or when the oldest has
/// waited <see cref="InferenceOptions.MaxQueueDelay"/>.</item>
/// <item>Share: a tenant holds at most <see cref="InferenceOptions.MaxTenantQueueShare"/> of the
/// <see cref="InferenceOptions.MaxQueueLength"/> places; the anonymous tenant (no tenant named, as when authentication is
/// off, and the silo's own label embeddings) is not capped, so a deployment without tenants keeps the whole queue.</item>
/// <item>Selection, when more requests wait than fit: with several tenants waiting, the batch's slots are dealt one per
/// tenant in turn (tenants in ordinal order, the first after the previous batch's leader starting), so a flooding tenant
/// takes one slot per round however many it queued. Within a tenant (or the whole queue when one tenant waits) the picks
/// are led by the request of highest effective priority (its priority plus one per
/// <see cref="InferenceOptions.PriorityAgingInterval"/> waited, which bounds starvation; oldest first among equals),
/// followed by that head's length bucket, highest effective priority first, then the nearest buckets (shorter before
/// longer), so that one batch pads little. A lower-priority request can thus ride along with a higher-priority head of its
/// length, but never leads while a higher one of its tenant waits.</item>
/// </list>
/// </summary>
internal sealed class BatchQueue(InferenceOptions options, TimeProvider time, int maxBatchSize)
{
    /// <summary>A queue batching up to the global <see cref="InferenceOptions.MaxBatchSize"/>.</summary>
    public BatchQueue(InferenceOptions options, TimeProvider time)
        : this(options, time, options.MaxBatchSize)
    {
    }

    private readonly List<PendingEmbedding> _items = [];
    private readonly Dictionary<string, int> _waitingByTenant = new(StringComparer.Ordinal);
    private readonly int _tenantLimit = options.MaxTenantQueueShare >= 1
        ? int.MaxValue
        : Math.Max(1, (int)(options.MaxTenantQueueShare * options.MaxQueueLength));

    // Scratch of TakeBatch, kept between batches so that selecting allocates nothing per request.
    private readonly List<Ranked> _ranked = [];
    private readonly List<TenantTurn> _tenants = [];
    private readonly Dictionary<string, int> _tenantIndex = new(StringComparer.Ordinal);
    private readonly List<int> _dealOrder = [];
    private readonly HashSet<PendingEmbedding> _taken = new(ReferenceEqualityComparer.Instance);
    private string? _lastLeader;

    public int Count => _items.Count;

    /// <summary>How many places one tenant may hold; <see cref="int.MaxValue"/> when the share is not capped.</summary>
    public int TenantLimit => _tenantLimit;

    /// <summary>Adds <paramref name="item"/> unless the queue is full or its tenant holds its share.</summary>
    public bool TryAdd(PendingEmbedding item) => Add(item) is null;

    /// <summary>Adds <paramref name="item"/>; otherwise says why not: its tenant holds its share, or the queue is full.</summary>
    public RejectionReason? Add(PendingEmbedding item)
    {
        _waitingByTenant.TryGetValue(item.Tenant, out var held);
        // The flooding tenant is told about its share first: that is what it can act on.
        if (held >= _tenantLimit && item.Tenant != PendingEmbedding.AnonymousTenant)
        {
            return RejectionReason.TenantShare;
        }

        if (_items.Count >= options.MaxQueueLength)
        {
            return RejectionReason.QueueFull;
        }

        _items.Add(item);
        CollectionsMarshal.GetValueRefOrAddDefault(_waitingByTenant, item.Tenant, out _)++;
        return null;
    }

    /// <summary>Removes requests that were cancelled (already completed) or whose deadline has passed at <paramref name="now"/>.</summary>
    public void RemoveFinished(long now, List<PendingEmbedding> cancelled, List<PendingEmbedding> expired)
    {
        _items.RemoveAll(item =>
        {
            if (item.Task.IsCompleted)
            {
                cancelled.Add(item);
                Forget(item);
                return true;
            }

            if (item.Deadline <= now)
            {
                expired.Add(item);
                Forget(item);
                return true;
            }

            return false;
        });
    }

    /// <summary>Whether a batch should be dispatched at <paramref name="now"/>.</summary>
    public bool IsDue(long now)
        => _items.Count > 0 && (_items.Count >= maxBatchSize || time.GetElapsedTime(_items[0].EnqueuedAt, now) >= options.MaxQueueDelay);

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

    /// <summary>Moves the next batch (at most the device's MaxBatchSize requests) into <paramref name="batch"/>.</summary>
    public void TakeBatch(long now, List<PendingEmbedding> batch)
    {
        if (_items.Count <= maxBatchSize)
        {
            TakeAll(batch);
            return;
        }

        Rank(now, fair: options.TenantRoundRobin && _waitingByTenant.Count > 1);
        var turns = CollectionsMarshal.AsSpan(_tenants);
        var start = 0;
        for (var t = 0; t < turns.Length; t++)
        {
            turns[t].Next = start;
            turns[t].End = start += turns[t].Count;
        }

        // Deal one slot per tenant in turn; the batch fills because more requests wait than fit.
        var leader = LeaderIndex();
        while (batch.Count < maxBatchSize)
        {
            for (var k = 0; k < _dealOrder.Count && batch.Count < maxBatchSize; k++)
            {
                ref var turn = ref turns[_dealOrder[(leader + k) % _dealOrder.Count]];
                if (turn.Next < turn.End)
                {
                    batch.Add(_ranked[turn.Next++].Item);
                }
            }
        }

        foreach (var item in batch)
        {
            _taken.Add(item);
            Forget(item);
        }

        _items.RemoveAll(_taken.Contains);
        _taken.Clear();
        _ranked.Clear();
    }

    /// <summary>Moves every waiting request into <paramref name="into"/> (shutdown).</summary>
    public void TakeAll(List<PendingEmbedding> into)
    {
        into.AddRange(_items);
        _items.Clear();
        _waitingByTenant.Clear();
    }

    /// <summary>
    /// Fills <see cref="_ranked"/> with every waiting request's effective priority and bucket, grouped by tenant (one group
    /// unless <paramref name="fair"/>), each group in pick order: its head first, then nearest length.
    /// </summary>
    private void Rank(long now, bool fair)
    {
        _ranked.Clear();
        _tenants.Clear();
        _tenantIndex.Clear();
        var agingTicks = options.PriorityAgingInterval.Ticks;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            var tenant = fair ? TenantIndex(item.Tenant) : TenantIndex(string.Empty);
            var waited = time.GetElapsedTime(item.EnqueuedAt, now).Ticks;
            var ranked = new Ranked(item, item.Priority + (waited / agingTicks), Bucket(item), i, tenant);
            _ranked.Add(ranked);

            // The tenant's head: highest effective priority, oldest first among equals (arrival order is list order).
            ref var turn = ref CollectionsMarshal.AsSpan(_tenants)[tenant];
            if (turn.Count++ == 0 || ranked.Priority > turn.HeadPriority)
            {
                turn.HeadPriority = ranked.Priority;
                turn.HeadBucket = ranked.Bucket;
            }
        }

        var tenants = _tenants;
        _ranked.Sort((a, b) =>
        {
            var byTenant = a.Tenant.CompareTo(b.Tenant);
            if (byTenant != 0)
            {
                return byTenant;
            }

            var headBucket = tenants[a.Tenant].HeadBucket;
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
        // Each tenant's head sorts first in its group: it is in its own bucket (distance 0), and nothing there outranks or
        // predates it.
    }

    private int TenantIndex(string tenant)
    {
        if (!_tenantIndex.TryGetValue(tenant, out var index))
        {
            index = _tenants.Count;
            _tenantIndex.Add(tenant, index);
            _tenants.Add(new TenantTurn { Key = tenant });
        }

        return index;
    }

    /// <summary>Orders the tenants for dealing and returns where in that order this batch starts: after the last leader.</summary>
    private int LeaderIndex()
    {
        _dealOrder.Clear();
        for (var t = 0; t < _tenants.Count; t++)
        {
            _dealOrder.Add(t);
        }

        if (_tenants.Count == 1)
        {
            return 0;
        }

        var tenants = _tenants;
        _dealOrder.Sort((a, b) => string.CompareOrdinal(tenants[a].Key, tenants[b].Key));
        var leader = 0;
        while (leader < _dealOrder.Count && _lastLeader is not null && string.CompareOrdinal(_tenants[_dealOrder[leader]].Key, _lastLeader) <= 0)
        {
            leader++;
        }

        leader %= _dealOrder.Count;
        _lastLeader = _tenants[_dealOrder[leader]].Key;
        return leader;
    }

    private void Forget(PendingEmbedding item)
    {
        ref var waiting = ref CollectionsMarshal.GetValueRefOrNullRef(_waitingByTenant, item.Tenant);
        if (--waiting == 0)
        {
            _waitingByTenant.Remove(item.Tenant);
        }
    }

    private int Bucket(PendingEmbedding item)
        => options.LengthBucketTokens == 0 ? 0 : (item.Tokens.Ids.Length - 1) / options.LengthBucketTokens;

    private readonly record struct Ranked(PendingEmbedding Item, long Priority, int Bucket, int Arrival, int Tenant);

    private struct TenantTurn
    {
        public string Key;
        public int Count;
        public long HeadPriority;
        public int HeadBucket;
        public int Next;
        public int End;
    }
}
