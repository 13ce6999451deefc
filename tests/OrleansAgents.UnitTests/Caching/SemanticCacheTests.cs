using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

public sealed class SemanticCacheTests
{
    private const int Dimensions = 16;
    private const string Scope = "oa:v1:sentiment:mbuiltin-tiny:g0:standard:public:all";
    private const string OtherScope = "oa:v1:sentiment:mbuiltin-tiny:g0:pro:public:all";
    private const string Fp16Scope = "oa:v1:sentiment:mbuiltin-tiny-fp16:g0:standard:public:all";

    // 0.75 is exact in float and double: the cosine of Unit(0) and At(0.75f) is 0.75 × 1 + 0.66… × 0 = 0.75 exactly.
    private const float Threshold = 0.75f;

    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new();

    [Fact]
    public void TryFind_WhenEntryOlderThanTtl_NoLongerMatches()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k", Scope, Unit(0), Answer("old"));
        _time.Advance(Ttl - TimeSpan.FromTicks(1));
        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));
    }

    [Fact]
    public void TryFind_WhenTermsDisagree_MissesEvenAtCosineOne()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k", Scope, Unit(0), Answer("enabled"), SemanticTerms.Of("enable TLS"));

        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _, SemanticTerms.Of("disable TLS")));
        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out var hit, out _, SemanticTerms.Of("Enable TLS, please.")));
        Assert.Equal("enabled", hit.Labels[0].Label);
    }

    [Fact]
    public void TryFind_WhenCosineEqualsTheThreshold_Matches()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var answer = Answer("a");
        cache.Add("k1", Scope, At(Threshold), answer);

        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out var found, out var similarity));
        Assert.Same(answer, found);
        Assert.Equal(Threshold, similarity);
    }

    [Fact]
    public void TryFind_WhenCosineIsOneUlpBelowTheThreshold_DoesNotMatch()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k1", Scope, At(MathF.BitDecrement(Threshold)), Answer("a"));

        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out var found, out var similarity));
        Assert.Null(found);
        Assert.Equal(0f, similarity);
    }

    [Fact]
    public void TryFind_WhenTheEmbeddingIsIdentical_MatchesWithSimilarityOne()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var answer = Answer("a");
        cache.Add("k1", Scope, Unit(3), answer);

        Assert.True(cache.TryFind(Scope, Unit(3), 1.0, out var found, out var similarity));
        Assert.Same(answer, found);
        Assert.Equal(1f, similarity);
    }

    [Fact]
    public void TryFind_WhenSeveralMatch_ReturnsTheMostSimilarWhateverTheOrder()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var mid = Answer("mid");
        var best = Answer("best");
        var low = Answer("low");
        cache.Add("k1", Scope, At(0.8f), mid);
        cache.Add("k2", Scope, At(0.9375f), best);
        cache.Add("k3", Scope, At(0.75f), low);
        cache.Add("k4", Scope, At(0.5f), Answer("below"));
        cache.Add("k5", OtherScope, Unit(0), Answer("other scope"));

        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out var found, out var similarity));
        Assert.Same(best, found);
        Assert.Equal(0.9375f, similarity);
    }

    [Fact]
    public void TryFind_WhenOnlyAnotherScopeHasTheEmbedding_DoesNotMatch()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k1", OtherScope, Unit(0), Answer("a"));
        cache.Add("k2", Scope + ":t1", Unit(0), Answer("b"));
        cache.Add("k3", Scope.ToUpperInvariant(), Unit(0), Answer("c"));

        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out var found, out _));
        Assert.Null(found);
    }

    [Fact]
    public void TryFind_WhenBothScopesHoldTheEmbedding_ReturnsTheOneOfTheRequestedScope()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var mine = Answer("mine");
        cache.Add("k1", OtherScope, Unit(0), Answer("theirs"));
        cache.Add("k2", Scope, At(0.8f), mine);

        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out var found, out var similarity));
        Assert.Same(mine, found);
        Assert.Equal(0.8f, similarity);
    }

    [Fact]
    public void TryFind_WhenOnlyAnotherModelHoldsTheEmbedding_Misses()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var fp32 = Answer("fp32");
        cache.Add("k1", Fp16Scope, Unit(0), Answer("fp16"));

        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));
        cache.Add("k2", Scope, At(0.8f), fp32);
        Assert.True(cache.TryFind(Scope, Unit(0), Threshold, out var found, out var similarity));
        Assert.Same(fp32, found);
        Assert.Equal(0.8f, similarity);
    }

    [Fact]
    public void TryFind_WhenAnEntryHasAnotherWidth_SkipsItInsteadOfComparing()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k1", Scope, new float[Dimensions * 2], Answer("wide"));

        Assert.False(cache.TryFind(Scope, Unit(0), 0.0, out var found, out _));
        Assert.Null(found);
    }

    [Fact]
    public void TryFind_WhenEmpty_ReturnsFalse()
    {
        var cache = new SemanticCache(16, Ttl, _time);

        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));
    }

    [Fact]
    public void Add_WhenMaxEntriesIsExceeded_EvictsTheOldest()
    {
        var cache = new SemanticCache(3, Ttl, _time);
        var answers = Enumerable.Range(0, 4).Select(i => Answer($"a{i}")).ToArray();
        for (var i = 0; i < 4; i++)
        {
            cache.Add($"k{i}", Scope, Unit(i), answers[i]);
        }

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryFind(Scope, Unit(0), 1.0, out _, out _));
        for (var i = 1; i < 4; i++)
        {
            Assert.True(cache.TryFind(Scope, Unit(i), 1.0, out var found, out _));
            Assert.Same(answers[i], found);
        }
    }

    [Fact]
    public void Add_WhenAtMaxEntries_EvictsNothing()
    {
        var cache = new SemanticCache(3, Ttl, _time);
        for (var i = 0; i < 3; i++)
        {
            cache.Add($"k{i}", Scope, Unit(i), Answer($"a{i}"));
        }

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryFind(Scope, Unit(0), 1.0, out _, out _));
    }

    [Fact]
    public void Remove_WhenKeyIsCached_RemovesOnlyThatKey()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        var kept = Answer("kept");
        cache.Add("k1", Scope, Unit(0), Answer("removed"));
        cache.Add("k2", Scope, Unit(1), kept);
        cache.Add("k3", OtherScope, Unit(0), Answer("other"));

        Assert.True(cache.Remove("k1"));

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));
        Assert.True(cache.TryFind(Scope, Unit(1), Threshold, out var found, out _));
        Assert.Same(kept, found);
        Assert.True(cache.TryFind(OtherScope, Unit(0), Threshold, out _, out _));
    }

    [Fact]
    public void Remove_WhenKeyIsNotCached_ReturnsFalse()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k1", Scope, Unit(0), Answer("a"));

        Assert.False(cache.Remove("k2"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Clear_Always_RemovesEverything()
    {
        var cache = new SemanticCache(16, Ttl, _time);
        cache.Add("k1", Scope, Unit(0), Answer("a"));
        cache.Add("k2", OtherScope, Unit(1), Answer("b"));

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryFind(Scope, Unit(0), Threshold, out _, out _));
    }

    /// <summary>The unit vector along <paramref name="axis"/>.</summary>
    private static float[] Unit(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1;
        return vector;
    }

    /// <summary>A unit vector whose cosine with <c>Unit(0)</c> is exactly <paramref name="cosine"/>.</summary>
    private static float[] At(float cosine)
    {
        var vector = new float[Dimensions];
        vector[0] = cosine;
        vector[1] = MathF.Sqrt(1 - (cosine * cosine));
        return vector;
    }

    private static CachedAnswer Answer(string label) => new([new LabelScore(label, 1f)], 1, []);
}
