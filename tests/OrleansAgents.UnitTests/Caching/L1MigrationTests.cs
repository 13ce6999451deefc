using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

public sealed class L1MigrationTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Restore_WhenExportedThroughTheCodec_HitsTheSameAnswersWithTheirExpiryAndSegment()
    {
        var source = Create();
        source.Set("hot", Answer("a"));
        source.Set("cold", Answer("b"));
        Assert.True(source.TryGet("hot", out _)); // promoted: protected, expiry extended to now + TTL
        _time.Advance(TimeSpan.FromSeconds(4));
        var carried = L1MigrationCodec.Deserialize(new ReadOnlySequence<byte>(L1MigrationCodec.Serialize(source.Export(long.MaxValue))));

        var target = Create();
        var held = target.Restore(carried);

        Assert.Equal(2, held);
        Assert.Equal(["hot", "cold"], carried.Select(e => e.Key));
        Assert.Equal([true, false], carried.Select(e => e.Protected));
        Assert.True(target.TryGet("hot", out var hot));
        Assert.Equal("a", hot.Labels[0].Label);
        _time.Advance(TimeSpan.FromSeconds(6)); // "cold" was created 10 s ago: expired, as it would have at the source
        Assert.False(target.TryGet("cold", out _));
    }

    [Fact]
    public void Export_WhenOverTheByteBound_TakesTheProtectedEntriesFirst()
    {
        var cache = Create();
        cache.Set("p", Answer("a"));
        cache.TryGet("p", out _);
        cache.Set("n1", Answer("b"));
        cache.Set("n2", Answer("c"));
        var entryBytes = cache.Bytes / 3;

        var exported = cache.Export(2 * entryBytes);

        Assert.Equal(["p", "n2"], exported.Select(e => e.Key));
    }

    [Fact]
    public void Export_WhenAnEntryExpired_LeavesItOut()
    {
        var cache = Create();
        cache.Set("old", Answer("a"));
        _time.Advance(Ttl);
        cache.Set("new", Answer("b"));

        Assert.Equal(["new"], cache.Export(long.MaxValue).Select(e => e.Key));
    }

    [Fact]
    public void Restore_WhenOverTheTargetBudget_KeepsTheMostValuableEntries()
    {
        var source = Create();
        source.Set("p", Answer("a"));
        source.TryGet("p", out _);
        source.Set("n1", Answer("b"));
        source.Set("n2", Answer("c"));
        var target = new L1Cache((source.Bytes / 3 * 2) + 1, Ttl, 4, 0.8, _time);

        Assert.Equal(2, target.Restore(source.Export(long.MaxValue)));

        Assert.True(target.TryGet("p", out _));
        Assert.True(target.TryGet("n2", out _));
        Assert.False(target.TryGet("n1", out _));
    }

    [Fact]
    public void Deserialize_WhenTruncated_ThrowsInvalidData()
    {
        var cache = Create();
        cache.Set("k", Answer("a"));
        var bytes = L1MigrationCodec.Serialize(cache.Export(long.MaxValue));

        Assert.Throws<InvalidDataException>(() => L1MigrationCodec.Deserialize(new ReadOnlySequence<byte>(bytes[..^3])));
    }

    private L1Cache Create() => new(64 * 1024, Ttl, 4, 0.8, _time);

    private static CachedAnswer Answer(string label) => CachedAnswerCodec.Measured(new([new LabelScore(label, 0.9f)], 3, []));
}
