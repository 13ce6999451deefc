using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Inference;

/// <summary>The tenant rules of <see cref="BatchQueue"/>: the share cap and round-robin batch filling.</summary>
public sealed class BatchQueueTenantTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Add_WhenTenantHoldsItsShare_RejectsOnlyThatTenantWhileOthersStillGetPlaces()
    {
        var queue = Create(maxBatchSize: 8, maxQueueLength: 6);
        Enqueue(queue, "a", "a", "a");

        Assert.Equal(RejectionReason.TenantShare, queue.Add(Item("a")));
        Assert.Null(queue.Add(Item("b")));
        Assert.Null(queue.Add(Item("b")));
        Assert.Null(queue.Add(Item("c")));
        Assert.Equal(RejectionReason.QueueFull, queue.Add(Item("c")));
        Assert.Equal(RejectionReason.TenantShare, queue.Add(Item("a")));
        Assert.Equal(6, queue.Count);
        Assert.Equal(3, queue.TenantLimit);
    }

    [Fact]
    public void Add_WhenTheTenantsRequestsLeaveTheQueue_GivesItsPlacesBack()
    {
        var queue = Create(maxBatchSize: 1, maxQueueLength: 4);
        var expiring = Item("a", deadlineIn: TimeSpan.FromMilliseconds(5));
        Assert.Null(queue.Add(expiring));
        Enqueue(queue, "a", "b");
        Assert.Equal(RejectionReason.TenantShare, queue.Add(Item("a")));

        _time.Advance(TimeSpan.FromMilliseconds(5));
        var expired = new List<PendingEmbedding>();
        queue.RemoveFinished(_time.GetTimestamp(), [], expired);
        Assert.Equal([expiring], expired);
        Assert.Null(queue.Add(Item("a")));
        Assert.Equal(RejectionReason.TenantShare, queue.Add(Item("a")));

        Take(queue);
        Assert.Null(queue.Add(Item("a")));
    }

    [Fact]
    public void Add_WhenShareIsOneOrTheTenantIsAnonymous_OnlyTheQueueLengthLimits()
    {
        var uncapped = Create(maxBatchSize: 8, maxQueueLength: 3, share: 1);
        var capped = Create(maxBatchSize: 8, maxQueueLength: 3);

        Enqueue(uncapped, "a", "a", "a");
        Enqueue(capped, null, null, null);

        Assert.Equal(RejectionReason.QueueFull, uncapped.Add(Item("a")));
        Assert.Equal(RejectionReason.QueueFull, capped.Add(Item(null)));
        Assert.Equal(int.MaxValue, uncapped.TenantLimit);
    }

    [Fact]
    public void TakeBatch_WhenSeveralTenantsWait_DealsOneSlotPerTenantInTurn()
    {
        var queue = Create(maxBatchSize: 5, maxQueueLength: 100);
        var a = Enqueue(queue, "a", "a", "a", "a", "a");
        var c = Enqueue(queue, "c");
        var b = Enqueue(queue, "b", "b");

        Assert.Equal([a[0], b[0], c[0], a[1], b[1]], Take(queue));
        Assert.Equal([a[2], a[3], a[4]], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenBatchesFollowEachOther_RotatesTheLeadingTenant()
    {
        var queue = Create(maxBatchSize: 2, maxQueueLength: 100);
        var a = Enqueue(queue, "a", "a", "a", "a", "a");
        var b = Enqueue(queue, "b", "b", "b", "b", "b");

        Assert.Equal([a[0], b[0]], Take(queue));
        Assert.Equal([b[1], a[1]], Take(queue));
        Assert.Equal([a[2], b[2]], Take(queue));
        Assert.Equal([b[3], a[3]], Take(queue));
        Assert.Equal([a[4], b[4]], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenOneNamedTenantWaits_PicksExactlyAsAQueueWithoutTenants()
    {
        var named = Create(maxBatchSize: 3, maxQueueLength: 100, share: 1);
        var anonymous = Create(maxBatchSize: 3, maxQueueLength: 100, share: 1);
        (int Tokens, int Priority)[] shape = [(40, 1), (8, 4), (100, 9), (90, 2), (8, 9), (60, 0), (100, 4), (20, 9)];
        var inNamed = new List<PendingEmbedding>();
        var inAnonymous = new List<PendingEmbedding>();
        foreach (var (tokens, priority) in shape)
        {
            inNamed.Add(Added(named, Item("a", tokens, priority)));
            inAnonymous.Add(Added(anonymous, Item(null, tokens, priority)));
            _time.Advance(TimeSpan.FromMilliseconds(30));
        }

        for (var batch = 0; batch < 3; batch++)
        {
            var fromNamed = Take(named).Select(x => inNamed.IndexOf(x));
            var fromAnonymous = Take(anonymous).Select(x => inAnonymous.IndexOf(x));
            Assert.Equal(fromAnonymous, fromNamed);
        }
    }

    [Fact]
    public void TakeBatch_WhenTenantsWait_EachTenantsPickFollowsItsPriorityAndLength()
    {
        var queue = Create(maxBatchSize: 4, maxQueueLength: 100);
        var aLow = Added(queue, Item("a", tokens: 8, priority: 0));
        var aHighLong = Added(queue, Item("a", tokens: 100, priority: 9));
        var aLowLong = Added(queue, Item("a", tokens: 100, priority: 1));
        var bShort = Added(queue, Item("b", tokens: 8, priority: 2));
        var bHigh = Added(queue, Item("b", tokens: 60, priority: 7));

        // a: head priority 9 (100 tokens), then its length-mate; b: head priority 7, then the rest.
        Assert.Equal([aHighLong, bHigh, aLowLong, bShort], Take(queue));
        Assert.Equal([aLow], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenATenantFloodsAtPriorityNine_AnotherTenantsPriorityZeroRequestsRideTheNextBatch()
    {
        var queue = Create(maxBatchSize: 4, maxQueueLength: 100);
        var flood = Enumerable.Range(0, 40).Select(_ => Added(queue, Item("a", priority: 9))).ToList();
        var b = new[] { Added(queue, Item("b", priority: 0)), Added(queue, Item("b", priority: 0)) };

        Assert.Equal([flood[0], b[0], flood[1], b[1]], Take(queue));
        Assert.Equal(flood.Skip(2).Take(4), Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenRoundRobinIsOff_PicksByPriorityAcrossTenantsAsBefore()
    {
        var queue = Create(maxBatchSize: 4, maxQueueLength: 100, roundRobin: false);
        var flood = Enumerable.Range(0, 8).Select(_ => Added(queue, Item("a", priority: 9))).ToList();
        Added(queue, Item("b", priority: 0));

        Assert.Equal(flood.Take(4), Take(queue));
        Assert.Equal(flood.Skip(4).Take(4), Take(queue));
    }

    private BatchQueue Create(int maxBatchSize, int maxQueueLength, double share = 0.5, bool roundRobin = true)
        => new(
            new InferenceOptions
            {
                MaxBatchSize = maxBatchSize,
                MaxQueueDelay = TimeSpan.FromSeconds(1),
                LengthBucketTokens = 16,
                PriorityAgingInterval = TimeSpan.FromMilliseconds(100),
                MaxQueueLength = maxQueueLength,
                MaxTenantQueueShare = share,
                TenantRoundRobin = roundRobin,
            },
            _time);

    private PendingEmbedding Item(string? tenant, int tokens = 8, int priority = 4, TimeSpan? deadlineIn = null)
    {
        var now = _time.GetTimestamp();
        var deadline = deadlineIn is { } d ? now + (long)(d.TotalSeconds * _time.TimestampFrequency) : PendingEmbedding.NoDeadline;
        return new PendingEmbedding(new TokenizedText(new int[tokens], false), priority, now, deadline, tenant);
    }

    private PendingEmbedding[] Enqueue(BatchQueue queue, params string?[] tenants)
        => [.. tenants.Select(t => Added(queue, Item(t)))];

    private static PendingEmbedding Added(BatchQueue queue, PendingEmbedding item)
    {
        Assert.Null(queue.Add(item));
        return item;
    }

    private List<PendingEmbedding> Take(BatchQueue queue)
    {
        var batch = new List<PendingEmbedding>();
        queue.TakeBatch(_time.GetTimestamp(), batch);
        return batch;
    }
}
