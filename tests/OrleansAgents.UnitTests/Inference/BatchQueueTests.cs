using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Inference;

public sealed class BatchQueueTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void IsDue_WhenEmpty_ReturnsFalseHoweverLongItWaits()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(10));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(queue.IsDue(_time.GetTimestamp()));
    }

    [Fact]
    public void IsDue_WhenPartialBatchYoungerThanMaxQueueDelay_ReturnsFalse()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(10));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5) - OneTick);

        Assert.False(queue.IsDue(_time.GetTimestamp()));
    }

    [Fact]
    public void IsDue_WhenOldestHasWaitedExactlyMaxQueueDelay_ReturnsTrue()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(10));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5));

        Assert.True(queue.IsDue(_time.GetTimestamp()));
    }

    [Fact]
    public void IsDue_WhenCountReachesMaxBatchSize_ReturnsTrueAtOnce()
    {
        var queue = Create(maxBatchSize: 3, delay: TimeSpan.FromSeconds(1));
        Add(queue, Item());
        Add(queue, Item());
        Assert.False(queue.IsDue(_time.GetTimestamp()));

        Add(queue, Item());

        Assert.True(queue.IsDue(_time.GetTimestamp()));
    }

    [Fact]
    public void TimeUntilNextEvent_WhenEmpty_ReturnsInfinite()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(10));

        Assert.Equal(Timeout.InfiniteTimeSpan, queue.TimeUntilNextEvent(_time.GetTimestamp()));
    }

    [Fact]
    public void TimeUntilNextEvent_WhenNoDeadlines_ReturnsMaxQueueDelayMinusOldestAge()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(50));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Add(queue, Item());

        Assert.Equal(TimeSpan.FromMilliseconds(30), queue.TimeUntilNextEvent(_time.GetTimestamp()));
    }

    [Fact]
    public void TimeUntilNextEvent_WhenADeadlineComesBeforeTheBatchIsDue_ReturnsTimeUntilThatDeadline()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(50));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(100)));
        Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(10)));

        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.TimeUntilNextEvent(_time.GetTimestamp()));
    }

    [Fact]
    public void TimeUntilNextEvent_WhenDeadlinesComeAfterTheBatchIsDue_ReturnsTimeUntilDue()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(50));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(100)));

        Assert.Equal(TimeSpan.FromMilliseconds(45), queue.TimeUntilNextEvent(_time.GetTimestamp()));
    }

    [Fact]
    public void TimeUntilNextEvent_WhenBatchIsOverdue_ReturnsZero()
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(50));
        Add(queue, Item());
        _time.Advance(TimeSpan.FromMilliseconds(80));

        Assert.Equal(TimeSpan.Zero, queue.TimeUntilNextEvent(_time.GetTimestamp()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void TakeBatch_WhenCountAtMostMaxBatchSize_TakesAllInArrivalOrder(int count)
    {
        var queue = Create(maxBatchSize: 4, delay: TimeSpan.FromMilliseconds(10));
        var items = new List<PendingEmbedding>();
        for (var i = 0; i < count; i++)
        {
            // Descending priority and mixed lengths: with everything fitting, neither reorders the batch.
            items.Add(Add(queue, Item(tokens: 1 + (i * 40), priority: i)));
        }

        var batch = Take(queue);

        Assert.Equal(items, batch);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void TakeBatch_WhenMoreWaitThanFit_TakesHigherPriorityFirstAndFifoWithinAPriority()
    {
        var queue = Create(maxBatchSize: 3, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 0, aging: TimeSpan.FromSeconds(10));
        var low1 = Add(queue, Item(priority: 0));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var mid1 = Add(queue, Item(priority: 5));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var high = Add(queue, Item(priority: 9));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var mid2 = Add(queue, Item(priority: 5));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var low2 = Add(queue, Item(priority: 0));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var mid3 = Add(queue, Item(priority: 5));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var low3 = Add(queue, Item(priority: 0));

        Assert.Equal([high, mid1, mid2], Take(queue));
        Assert.Equal(4, queue.Count);
        Assert.Equal([mid3, low1, low2], Take(queue));
        Assert.Equal([low3], Take(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void TakeBatch_WhenOldLowPriorityItemHasAgedByThePriorityGap_OvertakesNewerHigherPriorityItems()
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 0, aging: TimeSpan.FromMilliseconds(100));
        var old = Add(queue, Item(priority: 0));
        _time.Advance(TimeSpan.FromMilliseconds(300)); // 3 × aging interval = the gap to priority 3
        var new1 = Add(queue, Item(priority: 3));
        var new2 = Add(queue, Item(priority: 3));

        Assert.Equal([old, new1], Take(queue));
        Assert.Equal([new2], Take(queue));
    }

    [Theory]
    [InlineData(200 * TimeSpan.TicksPerMillisecond)] // one aging interval short of the gap
    [InlineData((300 * TimeSpan.TicksPerMillisecond) - 1)] // one tick short: aging counts whole intervals
    public void TakeBatch_WhenOldLowPriorityItemHasNotAgedByThePriorityGap_StaysBehindNewerHigherPriorityItems(long waitedTicks)
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 0, aging: TimeSpan.FromMilliseconds(100));
        var old = Add(queue, Item(priority: 0));
        _time.Advance(TimeSpan.FromTicks(waitedTicks));
        var new1 = Add(queue, Item(priority: 3));
        var new2 = Add(queue, Item(priority: 3));

        Assert.Equal([new1, new2], Take(queue));
        Assert.Equal([old], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenEqualPriorities_TakesTheHeadsLengthBucketBeforeEarlierArrivalsOfOtherBuckets()
    {
        var queue = Create(maxBatchSize: 3, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 16);
        var head = Add(queue, Item(tokens: 16)); // bucket 0 (1–16 tokens)
        var long1 = Add(queue, Item(tokens: 100)); // bucket 6
        var boundary = Add(queue, Item(tokens: 17)); // bucket 1
        var short1 = Add(queue, Item(tokens: 1)); // bucket 0
        var short2 = Add(queue, Item(tokens: 9)); // bucket 0

        Assert.Equal([head, short1, short2], Take(queue));
        Assert.Equal([long1, boundary], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenNoItemSharesTheHeadsBucket_TakesTheClosestBucketsFirst()
    {
        var queue = Create(maxBatchSize: 3, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 16);
        var head = Add(queue, Item(tokens: 10)); // bucket 0
        var far = Add(queue, Item(tokens: 100)); // bucket 6
        var farther = Add(queue, Item(tokens: 128)); // bucket 7
        var near = Add(queue, Item(tokens: 40)); // bucket 2
        var nearest = Add(queue, Item(tokens: 20)); // bucket 1

        Assert.Equal([head, nearest, near], Take(queue));
        Assert.Equal([far, farther], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenTheHeadIsALaterHigherPriorityItem_BucketsFollowTheHeadNotTheOldestItem()
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 16, aging: TimeSpan.FromSeconds(10));
        var oldShort = Add(queue, Item(tokens: 5, priority: 0));
        var oldLong = Add(queue, Item(tokens: 100, priority: 0));
        var head = Add(queue, Item(tokens: 97, priority: 9)); // bucket 6, like oldLong

        Assert.Equal([head, oldLong], Take(queue));
        Assert.Equal([oldShort], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenLowerPriorityItemSharesTheHeadsBucket_RidesAlongBeforeHigherPriorityItemOfAnotherBucket()
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 16, aging: TimeSpan.FromSeconds(10));
        var otherBucket = Add(queue, Item(tokens: 60, priority: 8));
        var sameBucket = Add(queue, Item(tokens: 12, priority: 0));
        var head = Add(queue, Item(tokens: 10, priority: 9));

        Assert.Equal([head, sameBucket], Take(queue));
        Assert.Equal([otherBucket], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenBucketsEquallyFar_TakesTheShorterBucketFirst()
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 16);
        var head = Add(queue, Item(tokens: 40)); // bucket 2
        var longer = Add(queue, Item(tokens: 60)); // bucket 3
        var shorter = Add(queue, Item(tokens: 20)); // bucket 1

        Assert.Equal([head, shorter], Take(queue));
        Assert.Equal([longer], Take(queue));
    }

    [Fact]
    public void TakeBatch_WhenLengthBucketingIsOff_TakesEqualPrioritiesFirstComeFirstServed()
    {
        var queue = Create(maxBatchSize: 3, delay: TimeSpan.FromMilliseconds(10), lengthBucketTokens: 0);
        var head = Add(queue, Item(tokens: 16));
        var long1 = Add(queue, Item(tokens: 100));
        var boundary = Add(queue, Item(tokens: 17));
        var short1 = Add(queue, Item(tokens: 1));
        var short2 = Add(queue, Item(tokens: 9));

        Assert.Equal([head, long1, boundary], Take(queue));
        Assert.Equal([short1, short2], Take(queue));
    }

    [Fact]
    public void RemoveFinished_WhenItemsAreCancelledOrPastTheirDeadline_MovesThemOutAndKeepsTheRest()
    {
        var queue = Create(maxBatchSize: 8, delay: TimeSpan.FromSeconds(1));
        var plain = Add(queue, Item());
        var cancelled = Add(queue, Item());
        var expired = Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(10)));
        var justInTime = Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(10) + OneTick));
        var cancelledWithDeadline = Add(queue, Item(deadlineIn: TimeSpan.FromMilliseconds(5)));
        Assert.True(cancelled.TrySetCanceled());
        Assert.True(cancelledWithDeadline.TrySetCanceled());
        _time.Advance(TimeSpan.FromMilliseconds(10));

        var cancelledList = new List<PendingEmbedding>();
        var expiredList = new List<PendingEmbedding>();
        queue.RemoveFinished(_time.GetTimestamp(), cancelledList, expiredList);

        Assert.Equal([cancelled, cancelledWithDeadline], cancelledList);
        Assert.Equal([expired], expiredList);
        Assert.Equal(2, queue.Count);
        Assert.Equal([plain, justInTime], Take(queue));
    }

    [Fact]
    public void TryAdd_WhenMaxQueueLengthReached_ReturnsFalseUntilABatchIsTaken()
    {
        var queue = Create(maxBatchSize: 2, delay: TimeSpan.FromSeconds(1), maxQueueLength: 3);
        var first = Add(queue, Item());
        var second = Add(queue, Item());
        var third = Add(queue, Item());

        Assert.False(queue.TryAdd(Item()));
        Assert.Equal(3, queue.Count);

        Assert.Equal([first, second], Take(queue));
        var fourth = Item();
        Assert.True(queue.TryAdd(fourth));
        Assert.Equal(2, queue.Count);
        Assert.Equal([third, fourth], Take(queue));
    }

    [Fact]
    public void TakeAll_WhenItemsWait_MovesEveryItemInArrivalOrder()
    {
        var queue = Create(maxBatchSize: 1, delay: TimeSpan.FromSeconds(1));
        var items = new[] { Add(queue, Item(priority: 0)), Add(queue, Item(priority: 9)), Add(queue, Item(tokens: 100)) };
        var into = new List<PendingEmbedding>();

        queue.TakeAll(into);

        Assert.Equal(items, into);
        Assert.Equal(0, queue.Count);
    }

    private BatchQueue Create(
        int maxBatchSize, TimeSpan delay, int lengthBucketTokens = 16, TimeSpan? aging = null, int maxQueueLength = 4096)
        => new(
            new InferenceOptions
            {
                MaxBatchSize = maxBatchSize,
                MaxQueueDelay = delay,
                LengthBucketTokens = lengthBucketTokens,
                PriorityAgingInterval = aging ?? TimeSpan.FromMilliseconds(100),
                MaxQueueLength = maxQueueLength,
            },
            _time);

    private PendingEmbedding Item(int tokens = 8, int priority = 4, TimeSpan? deadlineIn = null)
    {
        var now = _time.GetTimestamp();
        var deadline = deadlineIn is { } d ? now + (long)(d.TotalSeconds * _time.TimestampFrequency) : PendingEmbedding.NoDeadline;
        return new PendingEmbedding(new TokenizedText(new int[tokens], false), priority, now, deadline);
    }

    private static PendingEmbedding Add(BatchQueue queue, PendingEmbedding item)
    {
        Assert.True(queue.TryAdd(item));
        return item;
    }

    private List<PendingEmbedding> Take(BatchQueue queue)
    {
        var batch = new List<PendingEmbedding>();
        queue.TakeBatch(_time.GetTimestamp(), batch);
        return batch;
    }
}
