using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

public sealed class L1CacheTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    // With 3-character keys (6 bytes) and 98 serialized bytes, an entry is charged 98 + 6 + 96 = 200 bytes,
    // so the 2000-byte default budget holds exactly ten entries.
    private const int EntryBytes = 200;
    private const int SerializedBytes = EntryBytes - (3 * sizeof(char)) - L1Cache.EntryOverheadBytes;
    private const long Capacity = 10 * EntryBytes;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryGet_WhenSet_ReturnsTheSameAnswer()
    {
        var cache = Create();
        var answer = Answer();

        cache.Set("k00", answer);

        Assert.True(cache.TryGet("k00", out var found));
        Assert.Same(answer, found);
    }

    [Fact]
    public void TryGet_WhenNeverSet_ReturnsFalse()
    {
        var cache = Create();
        cache.Set("k00", Answer());

        Assert.False(cache.TryGet("k01", out _));
    }

    [Fact]
    public void TryGet_WhenOneTickBeforeTtl_ReturnsTrue()
    {
        var cache = Create();
        cache.Set("k00", Answer());

        _time.Advance(Ttl - OneTick);

        Assert.True(cache.TryGet("k00", out _));
    }

    [Fact]
    public void TryGet_WhenTtlHasElapsedWithoutHits_ReturnsFalseAndDropsTheEntry()
    {
        var cache = Create();
        cache.Set("k00", Answer());

        _time.Advance(Ttl);

        Assert.False(cache.TryGet("k00", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void TryGet_WhenHitBefore_ExpiresTtlAfterTheHit(long ticksFromNewExpiry, bool expected)
    {
        var cache = Create();
        cache.Set("k00", Answer());
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(cache.TryGet("k00", out _)); // extends expiry from 10 s to 9 s + 10 s = 19 s

        _time.Advance(Ttl + TimeSpan.FromTicks(ticksFromNewExpiry));

        Assert.Equal(expected, cache.TryGet("k00", out _));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void TryGet_WhenHitsKeepComing_ExpiresAtCreationPlusMaxTtlFactorTimesTtl(long ticksFromCap, bool expected)
    {
        // TTL 10 s × factor 4: however often it is hit, the entry lives at most until 40 s.
        var cache = Create(maxTtlFactor: 4);
        var created = _time.GetUtcNow();
        cache.Set("k00", Answer());
        foreach (var second in new[] { 9, 18, 27, 36 })
        {
            _time.SetUtcNow(created + TimeSpan.FromSeconds(second));
            Assert.True(cache.TryGet("k00", out _)); // the hit at 36 s would extend to 46 s without the cap
        }

        _time.SetUtcNow(created + TimeSpan.FromSeconds(40) + TimeSpan.FromTicks(ticksFromCap));

        Assert.Equal(expected, cache.TryGet("k00", out _));
    }

    [Fact]
    public void TryGet_WhenHitOneTickBeforeTheCap_DoesNotExtendBeyondTheCap()
    {
        // TTL 10 s × factor 2: the cap is 20 s.
        var cache = Create(maxTtlFactor: 2);
        var created = _time.GetUtcNow();
        cache.Set("k00", Answer());
        _time.SetUtcNow(created + TimeSpan.FromSeconds(9));
        Assert.True(cache.TryGet("k00", out _)); // expiry 19 s
        _time.SetUtcNow(created + TimeSpan.FromSeconds(19) - OneTick);
        Assert.True(cache.TryGet("k00", out _)); // expiry capped at 20 s, not 29 s − 1 tick
        _time.SetUtcNow(created + TimeSpan.FromSeconds(20) - OneTick);
        Assert.True(cache.TryGet("k00", out _)); // still 20 s

        _time.Advance(OneTick);

        Assert.False(cache.TryGet("k00", out _));
    }

    [Fact]
    public void TryGet_WhenMaxTtlFactorIsOne_HitsDoNotExtendTheTtl()
    {
        var cache = Create(maxTtlFactor: 1);
        cache.Set("k00", Answer());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(cache.TryGet("k00", out _));

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(cache.TryGet("k00", out _));
    }

    [Fact]
    public void Bytes_WhenEntriesOfDifferentSizesAreSet_IsTheSumOfSerializedBytesKeyBytesAndOverhead()
    {
        var cache = Create(capacity: 100_000);

        cache.Set("a", Answer(10));
        cache.Set("bbbbbbbb", Answer(1234));
        cache.Set("ключ-ü", Answer(0));

        var expected = (10 + (1 * 2) + L1Cache.EntryOverheadBytes)
            + (1234 + (8 * 2) + L1Cache.EntryOverheadBytes)
            + (0 + (6 * 2) + L1Cache.EntryOverheadBytes);
        Assert.Equal(expected, cache.Bytes);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Bytes_WhenAnEntryIsPromotedByAHit_IsUnchanged()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        cache.Set("k01", Answer());

        Assert.True(cache.TryGet("k00", out _));
        Assert.True(cache.TryGet("k00", out _));

        Assert.Equal(2 * EntryBytes, cache.Bytes);
    }

    [Fact]
    public void Set_WhenTheBudgetIsExactlyFilled_EvictsNothing()
    {
        var cache = Create();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0, cache.Set(Key(i), Answer()));
        }

        Assert.Equal(Capacity, cache.Bytes);
        Assert.Equal(10, cache.Count);
    }

    [Fact]
    public void Set_WhenTheBudgetIsExceeded_ReturnsTheNumberEvictedAndStaysWithinBudget()
    {
        var cache = Create();
        for (var i = 0; i < 10; i++)
        {
            cache.Set(Key(i), Answer());
        }

        Assert.Equal(1, cache.Set("k10", Answer()));
        Assert.Equal(Capacity, cache.Bytes);

        // 600 bytes: three 200-byte entries make room.
        Assert.Equal(3, cache.Set("k11", Answer(SerializedBytes + 400)));
        Assert.Equal(Capacity, cache.Bytes);
        Assert.Equal(8, cache.Count);
    }

    [Fact]
    public void Set_WhenTheBudgetIsExceeded_EvictsTheLeastRecentlyAddedFirst()
    {
        var cache = Create();
        for (var i = 0; i < 10; i++)
        {
            cache.Set(Key(i), Answer());
        }

        cache.Set("k10", Answer());
        cache.Set("k11", Answer());

        Assert.False(cache.TryGet("k00", out _));
        Assert.False(cache.TryGet("k01", out _));
        Assert.True(cache.TryGet("k02", out _));
        Assert.True(cache.TryGet("k11", out _));
    }

    [Fact]
    public void Set_WhenTheEntryIsLargerThanTheWholeBudget_DoesNotAdmitItOrEvictAnything()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        var tooBig = Answer(SerializedBytes + (int)Capacity - EntryBytes + 1); // charged Capacity + 1 bytes

        Assert.Equal(0, cache.Set("big", tooBig));

        Assert.False(cache.TryGet("big", out _));
        Assert.True(cache.TryGet("k00", out _));
        Assert.Equal(EntryBytes, cache.Bytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_WhenTheEntryIsExactlyTheWholeBudget_AdmitsItAndEvictsEverythingElse()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        cache.Set("k01", Answer());
        var wholeBudget = Answer(SerializedBytes + (int)Capacity - EntryBytes); // charged exactly Capacity bytes

        Assert.Equal(2, cache.Set("big", wholeBudget));

        Assert.True(cache.TryGet("big", out _));
        Assert.Equal(Capacity, cache.Bytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_WhenAScanOfOneOffEntriesFollows_KeepsTheEntryThatWasHitAndEvictsTheUnhitOnes()
    {
        var cache = Create();
        cache.Set("hot", Answer());
        for (var i = 0; i < 5; i++)
        {
            cache.Set(Key(i), Answer());
        }

        Assert.True(cache.TryGet("hot", out _));
        Assert.True(cache.TryGet("hot", out _));

        var evicted = 0;
        for (var i = 0; i < 20; i++)
        {
            evicted += cache.Set($"s{i:00}", Answer());
        }

        Assert.True(cache.TryGet("hot", out _));
        for (var i = 0; i < 5; i++)
        {
            Assert.False(cache.TryGet(Key(i), out _));
        }

        // 26 entries of 200 bytes into a ten-entry budget: 16 go, the hot one and the last nine scanned stay.
        Assert.Equal(16, evicted);
        Assert.Equal(10, cache.Count);
        Assert.Equal(Capacity, cache.Bytes);
        for (var i = 11; i < 20; i++)
        {
            Assert.True(cache.TryGet($"s{i:00}", out _));
        }
    }

    [Fact]
    public void Set_WhenTheKeyIsAlreadyCached_ReplacesTheAnswerWithoutDoubleCountingBytes()
    {
        var cache = Create();
        var first = Answer();
        var second = Answer(SerializedBytes + 100);
        cache.Set("k00", first);

        Assert.Equal(0, cache.Set("k00", second));

        Assert.Equal(1, cache.Count);
        Assert.Equal(EntryBytes + 100, cache.Bytes);
        Assert.True(cache.TryGet("k00", out var found));
        Assert.Same(second, found);
    }

    [Fact]
    public void Set_WhenAProtectedKeyIsReplaced_DoesNotDoubleCountBytes()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        Assert.True(cache.TryGet("k00", out _));

        cache.Set("k00", Answer());

        Assert.Equal(1, cache.Count);
        Assert.Equal(EntryBytes, cache.Bytes);
    }

    [Fact]
    public void Set_WhenReplacedAfterTheOldEntryExpired_StartsANewTtl()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        _time.Advance(Ttl + TimeSpan.FromSeconds(1));

        cache.Set("k00", Answer());
        _time.Advance(Ttl - OneTick);

        Assert.True(cache.TryGet("k00", out _));
    }

    [Fact]
    public void Remove_WhenCached_RemovesItAndItsBytes()
    {
        var cache = Create();
        cache.Set("k00", Answer());
        cache.Set("k01", Answer());
        Assert.True(cache.TryGet("k01", out _)); // protected

        Assert.True(cache.Remove("k00"));
        Assert.True(cache.Remove("k01"));

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet("k00", out _));
        Assert.False(cache.TryGet("k01", out _));
    }

    [Fact]
    public void Remove_WhenNotCached_ReturnsFalseAndChangesNothing()
    {
        var cache = Create();
        cache.Set("k00", Answer());

        Assert.False(cache.Remove("k01"));

        Assert.Equal(1, cache.Count);
        Assert.Equal(EntryBytes, cache.Bytes);
    }

    [Fact]
    public void Clear_WhenEntriesAreInBothSegments_ResetsCountAndBytes()
    {
        var cache = Create();
        for (var i = 0; i < 6; i++)
        {
            cache.Set(Key(i), Answer());
        }

        Assert.True(cache.TryGet("k00", out _));
        Assert.True(cache.TryGet("k01", out _));

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet("k00", out _));
        Assert.False(cache.TryGet("k05", out _));

        // Usable again, with the full budget.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0, cache.Set(Key(i), Answer()));
        }

        Assert.Equal(Capacity, cache.Bytes);
    }

    [Fact]
    public void Set_WhenProtectedSegmentIsFullAndNewEntryIsLarge_KeepsTheNewEntryAndEvictsProtectedOnes()
    {
        var cache = Create();
        for (var i = 0; i < 8; i++)
        {
            cache.Set(Key(i), Answer());
            Assert.True(cache.TryGet(Key(i), out _)); // promoted: the protected segment (80 %) is full
        }

        var large = Answer(SerializedBytes + (3 * EntryBytes));
        var evicted = cache.Set("big", large);

        Assert.True(cache.TryGet("big", out var found));
        Assert.Same(large, found);
        Assert.Equal(2, evicted);
        Assert.True(cache.Bytes <= Capacity);
    }

    private L1Cache Create(long capacity = Capacity, int maxTtlFactor = 4, double protectedShare = 0.8)
        => new(capacity, Ttl, maxTtlFactor, protectedShare, _time);

    private static CachedAnswer Answer(int serializedBytes = SerializedBytes)
        => new([new LabelScore("positive", 0.9f)], 3, []) { SerializedBytes = serializedBytes };

    private static string Key(int i) => $"k{i:00}";
}
