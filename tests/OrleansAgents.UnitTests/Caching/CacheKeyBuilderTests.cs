using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

public sealed class CacheKeyBuilderTests
{
    private const string Agent = "sentiment";

    // 2025-01-01T00:00:00Z = 1 735 689 600 s, a multiple of 60: the start of 60-second bucket 28 928 160.
    private static readonly DateTimeOffset BucketStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(60);
    private static readonly AgentProfile Timeless = new();
    private static readonly AgentProfile TimeSensitive = new() { TimeSensitive = true };

    private readonly FakeTimeProvider _time = new(BucketStart);

    [Theory]
    [InlineData("  hello  ", "hello")]
    [InlineData("\t\r\n hello world \n", "hello world")]
    [InlineData("hello \t\n\r\u00A0 world", "hello world")]
    [InlineData("a\u00A0\u00A0b", "a b")]
    [InlineData("one  two\t\tthree\n\nfour", "one two three four")]
    [InlineData("Hello WORLD MiXeD", "Hello WORLD MiXeD")]
    [InlineData("", "")]
    [InlineData(" \t\n ", "")]
    public void Normalize_WhenTextHasOuterOrRepeatedWhitespace_TrimsAndCollapsesToOneSpaceKeepingCase(string text, string expected)
    {
        Assert.Equal(expected, CacheKeyBuilder.Normalize(text));
    }

    [Fact]
    public void Normalize_WhenTextIsDecomposed_ReturnsNfc()
    {
        var normalized = CacheKeyBuilder.Normalize("cafe\u0301");

        Assert.Equal("caf\u00E9", normalized);
        Assert.Equal(4, normalized.Length);
    }

    [Fact]
    public void Build_WhenPublicTimelessRequest_ReturnsTheDocumentedFormat()
    {
        var key = Build(new AgentRequest { Text = "  Hello \t World\n" }, generation: 3);

        // sha256("Hello World")
        const string hash = "a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e";
        Assert.Equal($"oa:v1:sentiment:mall-MiniLM-L6-v2:g3:{hash}:standard:public:all", key.Value);
        Assert.Equal("oa:v1:sentiment:mall-MiniLM-L6-v2:g3:standard:public:all", key.Scope);
        Assert.Equal(hash, CacheKeyBuilder.TextHash("Hello World"));
    }

    [Theory]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("  hello world  ", "hello world")]
    [InlineData("hello\t\n\u00A0world", "hello world")]
    [InlineData("Re\u0301sume\u0301   now", "R\u00E9sum\u00E9 now")]
    public void Build_WhenTextsDifferOnlyByNormalization_ReturnsTheSameKey(string first, string second)
    {
        Assert.Equal(Build(new AgentRequest { Text = first }), Build(new AgentRequest { Text = second }));
    }

    [Theory]
    [InlineData("hello world", "hello  world!")]
    [InlineData("hello world", "Hello world")]
    [InlineData("helloworld", "hello world")]
    [InlineData("\u00E9", "e")]
    public void Build_WhenTextsDiffer_ReturnsDifferentKeysInTheSameScope(string first, string second)
    {
        var a = Build(new AgentRequest { Text = first });
        var b = Build(new AgentRequest { Text = second });

        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(a.Scope, b.Scope);
    }

    [Fact]
    public void Build_WhenPublicRequestsComeFromDifferentUsersAndTenants_ReturnsTheSameKey()
    {
        var alice = Build(new AgentRequest { Text = "hi", UserId = "alice", Tenant = "acme", Sensitivity = Sensitivity.Public });
        var bob = Build(new AgentRequest { Text = "hi", UserId = "bob", Tenant = "globex", Sensitivity = Sensitivity.Public });
        var anonymous = Build(new AgentRequest { Text = "hi" });

        Assert.Equal(alice, bob);
        Assert.Equal(alice, anonymous);
        Assert.EndsWith(":public:all", alice.Value);
    }

    [Fact]
    public void Build_WhenPrivateRequestsComeFromDifferentUsersOfOneTenant_ReturnsDifferentKeysAndScopes()
    {
        var alice = Build(Private("acme", "alice"));
        var bob = Build(Private("acme", "bob"));

        Assert.NotEqual(alice.Value, bob.Value);
        Assert.NotEqual(alice.Scope, bob.Scope);
    }

    [Fact]
    public void Build_WhenPrivateRequestsComeFromOneUserIdInDifferentTenants_ReturnsDifferentKeysAndScopes()
    {
        var acme = Build(Private("acme", "alice"));
        var globex = Build(Private("globex", "alice"));

        Assert.NotEqual(acme.Value, globex.Value);
        Assert.NotEqual(acme.Scope, globex.Scope);
    }

    [Fact]
    public void Build_WhenTenantAndUserConcatenateToTheSameString_ReturnsDifferentKeys()
    {
        var first = Build(Private("a:b", "c"));
        var second = Build(Private("a", "b:c"));
        var third = Build(Private("a|b", "c"));
        var fourth = Build(Private("a", "b|c"));

        Assert.Equal(4, new[] { first.Value, second.Value, third.Value, fourth.Value }.Distinct().Count());
    }

    [Fact]
    public void Build_WhenPrivateRequestRepeatsForTheSameUser_ReturnsTheSameKey()
    {
        Assert.Equal(Build(Private("acme", "alice")), Build(Private("acme", "alice")));
    }

    [Fact]
    public void Build_WhenPrivate_NeverContainsTheUserOrTenantInClear()
    {
        var key = Build(Private("tenant-acme-corp", "alice-7731"));

        Assert.DoesNotContain("tenant-acme-corp", key.Value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alice-7731", key.Value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("acme", key.Value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alice", key.Value, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^oa:v1:sentiment:mall-MiniLM-L6-v2:g0:[0-9a-f]{64}:standard:private:[0-9a-f]{32}$", key.Value);
    }

    [Fact]
    public void Build_WhenPublicAndPrivateRequestsShareTextAndUser_ReturnsDifferentKeys()
    {
        var asPublic = Build(new AgentRequest { Text = "hi", UserId = "alice", Tenant = "acme" });
        var asPrivate = Build(Private("acme", "alice"));

        Assert.NotEqual(asPublic.Value, asPrivate.Value);
        Assert.NotEqual(asPublic.Scope, asPrivate.Scope);
    }

    [Fact]
    public void Build_WhenUserTierDiffers_ReturnsDifferentKeys()
    {
        var free = Build(new AgentRequest { Text = "hi", UserTier = "free" });
        var pro = Build(new AgentRequest { Text = "hi", UserTier = "pro" });
        var standard = Build(new AgentRequest { Text = "hi" });

        Assert.NotEqual(free.Value, pro.Value);
        Assert.NotEqual(free.Scope, pro.Scope);
        Assert.NotEqual(free.Value, standard.Value);
        Assert.Contains(":free:public:all", free.Value);
        Assert.Contains(":pro:public:all", pro.Value);
    }

    [Fact]
    public void Build_WhenUserTierIsAbsent_UsesTheDefaultTier()
    {
        var absent = Build(new AgentRequest { Text = "hi" });
        var explicitDefault = Build(new AgentRequest { Text = "hi", UserTier = CacheKeyBuilder.DefaultUserTier });

        Assert.Equal(explicitDefault, absent);
    }

    [Fact]
    public void Build_WhenGenerationDiffers_ReturnsDifferentKeysAndScopes()
    {
        var request = new AgentRequest { Text = "hi" };

        var g1 = Build(request, generation: 1);
        var g2 = Build(request, generation: 2);

        Assert.NotEqual(g1.Value, g2.Value);
        Assert.NotEqual(g1.Scope, g2.Scope);
        Assert.StartsWith("oa:v1:sentiment:mall-MiniLM-L6-v2:g1:", g1.Value);
        Assert.StartsWith("oa:v1:sentiment:mall-MiniLM-L6-v2:g2:", g2.Value);
    }

    [Fact]
    public void Build_WhenProfileIsTimeSensitive_AppendsTheTimeBucket()
    {
        var key = Build(new AgentRequest { Text = "hi" }, profile: TimeSensitive);

        Assert.EndsWith(":public:all:t28928160", key.Value);
        Assert.EndsWith(":public:all:t28928160", key.Scope);
    }

    [Fact]
    public void Build_WhenTimeSensitiveAndStillWithinTheBucket_ReturnsTheSameKey()
    {
        var request = new AgentRequest { Text = "hi" };
        var atStart = Build(request, profile: TimeSensitive);

        _time.Advance(Bucket - TimeSpan.FromTicks(1));
        var atEnd = Build(request, profile: TimeSensitive);

        Assert.Equal(atStart, atEnd);
    }

    [Fact]
    public void Build_WhenTimeSensitiveAndTimeCrossesIntoTheNextBucket_ReturnsANewKeyAndScope()
    {
        var request = new AgentRequest { Text = "hi" };
        var before = Build(request, profile: TimeSensitive);

        _time.Advance(Bucket);
        var after = Build(request, profile: TimeSensitive);

        Assert.NotEqual(before.Value, after.Value);
        Assert.NotEqual(before.Scope, after.Scope);
        Assert.EndsWith(":t28928161", after.Value);
    }

    [Fact]
    public void Build_WhenProfileIsNotTimeSensitive_HasNoBucketAndIgnoresTime()
    {
        var request = new AgentRequest { Text = "hi" };
        var before = Build(request, profile: Timeless);

        _time.Advance(TimeSpan.FromDays(3));
        var after = Build(request, profile: Timeless);

        Assert.Equal(before, after);
        Assert.DoesNotContain(":t", before.Value);
        Assert.EndsWith(":standard:public:all", before.Value);
    }

    [Theory]
    [InlineData(Sensitivity.Public, false)]
    [InlineData(Sensitivity.Public, true)]
    [InlineData(Sensitivity.Private, false)]
    [InlineData(Sensitivity.Private, true)]
    public void Build_Always_ScopeIsTheKeyWithoutTheTextHash(Sensitivity sensitivity, bool timeSensitive)
    {
        var request = new AgentRequest { Text = " Some  text ", UserId = "alice", Tenant = "acme", UserTier = "pro", Sensitivity = sensitivity };

        var key = Build(request, generation: 7, profile: timeSensitive ? TimeSensitive : Timeless);

        var hashSegment = ":" + CacheKeyBuilder.TextHash("Some text");
        Assert.Contains(hashSegment, key.Value);
        Assert.Equal(key.Value.Replace(hashSegment, "", StringComparison.Ordinal), key.Scope);
    }

    [Fact]
    public void Build_WhenOnlyTheModelDiffers_KeysAndScopesDiffer()
    {
        var request = new AgentRequest { Text = "Hello World" };

        var fp32 = Build(request);
        var int8 = Build(request, model: "all-MiniLM-L6-v2-int8");

        const string hash = "a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e";
        Assert.Equal($"oa:v1:sentiment:mall-MiniLM-L6-v2-int8:g0:{hash}:standard:public:all", int8.Value);
        Assert.Equal("oa:v1:sentiment:mall-MiniLM-L6-v2-int8:g0:standard:public:all", int8.Scope);
        Assert.NotEqual(fp32.Value, int8.Value);
        Assert.NotEqual(fp32.Scope, int8.Scope);
    }

    [Theory]
    [InlineData("builtin-tiny-fp16", "builtin-tiny-fp16")]
    [InlineData("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2-int8")]
    [InlineData("/models/my model.onnx", "h5c34b886b69305ab")]
    public void ModelSegment_WhenNameIsAPlainTokenOrAPath_KeepsItOrHashesIt(string model, string expected)
        => Assert.Equal(expected, CacheKeyBuilder.ModelSegment(model));

    private CacheKey Build(AgentRequest request, long generation = 0, AgentProfile? profile = null, string model = "all-MiniLM-L6-v2")
        => CacheKeyBuilder.Build(Agent, model, generation, request, profile ?? Timeless, _time.GetUtcNow(), Bucket);

    private static AgentRequest Private(string tenant, string user, string text = "hi")
        => new() { Text = text, Tenant = tenant, UserId = user, Sensitivity = Sensitivity.Private };
}
