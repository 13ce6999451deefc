using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Private answers, attacked: user B (or the same user id in another tenant) sends A's private prompts verbatim and as
/// near-paraphrases through every cache layer (L1, coalescing, L2 on the real Redis shared by two silos, semantic) and
/// never gets a hit on A's entry nor A's answer. The semantic cache is on at its default threshold.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class IsolationAdversarialTests(RedisClusterFixture fixture) : IAsyncLifetime
{
    private const string Agent = "semgrep-security-analyzer";
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await TestRedis.ConnectAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private IAgentGrain Grain => fixture.Client.GetGrain<IAgentGrain>(Agent);

    /// <summary>A's prompt and what an attacker would try: case, whitespace, punctuation, a word or two changed.</summary>
    private static string[] Variants(string text) =>
    [
        text,
        text.ToUpperInvariant(),
        "  " + text.Replace(" ", "   ", StringComparison.Ordinal) + "\n",
        text + " !",
        text + ".",
        text.Replace("check", "review", StringComparison.Ordinal),
        text.Replace("please ", "", StringComparison.Ordinal).Replace("login", "signin", StringComparison.Ordinal),
    ];

    private static AgentRequest Private(string text, string user, string tenant = "acme") => new()
    {
        Text = text,
        Sensitivity = Sensitivity.Private,
        UserId = user,
        Tenant = tenant,
        RequestId = $"{user}-{Guid.NewGuid():N}",
    };

    private static string Prompt() => $"please check this sql query for injection in the login form of account {Guid.NewGuid():N}";

    [Fact]
    public async Task InvokeAsync_WhenOtherUserSendsPrivatePromptVerbatimOrParaphrased_NeverHitsTheOwnersEntry()
    {
        var text = Prompt();
        var owner = await Grain.InvokeAsync(Private(text, "alice"));
        Assert.Equal(CacheLayer.None, owner.CacheLayer);

        var i = 0;
        foreach (var variant in Variants(text))
        {
            // A fresh attacker per variant: any hit could only be on the owner's entry.
            var attack = Private(variant, $"mallory-{i++}");
            var answer = await Grain.InvokeAsync(attack);
            Assert.Equal(CacheLayer.None, answer.CacheLayer);
            Assert.Null(answer.Similarity);
            Assert.False(answer.Coalesced);
            Assert.Equal(attack.RequestId, answer.RequestId);
        }

        // As a public request, too: a private entry is never public (later public paraphrases may share this public one).
        Assert.Equal(CacheLayer.None, (await Grain.InvokeAsync(new AgentRequest { Text = text })).CacheLayer);

        // The owner's own entry is there to be found: verbatim from L1, a paraphrase from the semantic cache.
        Assert.Equal(CacheLayer.L1, (await Grain.InvokeAsync(Private(text, "alice"))).CacheLayer);
        Assert.Equal(CacheLayer.Semantic, (await Grain.InvokeAsync(Private(text + " !", "alice"))).CacheLayer);
    }

    [Fact]
    public async Task InvokeAsync_WhenSameUserIdInAnotherTenant_NeverHitsTheOtherTenantsEntry()
    {
        var text = Prompt();
        Assert.Equal(CacheLayer.None, (await Grain.InvokeAsync(Private(text, "alice", "acme"))).CacheLayer);

        foreach (var (variant, tenant) in Variants(text).Select((v, n) => (v, $"globex-{n}")))
        {
            Assert.Equal(CacheLayer.None, (await Grain.InvokeAsync(Private(variant, "alice", tenant))).CacheLayer);
        }

        // Tenant and user are length-prefixed in the scope: ("acme:x", "alice") is not ("acme", "x:alice").
        Assert.Equal(CacheLayer.None, (await Grain.InvokeAsync(Private(text, "alice", "acme|5:alice"))).CacheLayer);
    }

    [Fact]
    public async Task InvokeAsync_WhenOwnerAndOtherUserSendTheSamePromptConcurrently_NeverCoalesceAcrossUsers()
    {
        var texts = Enumerable.Range(0, 12).Select(_ => Prompt()).ToArray();
        var pairs = texts.Select(async text =>
        {
            var owner = Grain.InvokeAsync(Private(text, "alice"));
            var attack = Private(text, "mallory");
            var attacker = Grain.InvokeAsync(attack);
            return (Owner: await owner, Attack: attack, Answer: await attacker);
        });

        foreach (var (owner, attack, answer) in await Task.WhenAll(pairs))
        {
            Assert.Equal(CacheLayer.None, owner.CacheLayer);
            Assert.Equal(CacheLayer.None, answer.CacheLayer);
            Assert.False(answer.Coalesced);
            Assert.Equal(attack.RequestId, answer.RequestId);
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenOwnersAnswerIsOnlyInRedisAfterReactivation_OtherUserStillMissesAndOwnerHitsL2()
    {
        var text = Prompt();
        var request = Private(text, "alice");
        await Grain.InvokeAsync(request);
        var profile = await Grain.GetProfileAsync();
        var key = CacheKeyBuilder.Build(Agent, TestPaths.Model, 0, request, profile.Profile, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)).Value;
        await WaitForKeyAsync(key);

        // L1 and the semantic cache die with the activation: what is left of A's answer is in Redis, for either silo.
        await fixture.Cluster.DeactivateAsync(Grain);
        var i = 0;
        foreach (var variant in Variants(text))
        {
            var attack = Private(variant, $"mallory-l2-{i++}");
            var answer = await Grain.InvokeAsync(attack);
            Assert.Equal(CacheLayer.None, answer.CacheLayer);
            Assert.Equal(attack.RequestId, answer.RequestId);
        }

        Assert.Equal(CacheLayer.None, (await Grain.InvokeAsync(Private(text, "alice", "globex"))).CacheLayer);
        await fixture.Cluster.DeactivateAsync(Grain);
        Assert.Equal(CacheLayer.L2, (await Grain.InvokeAsync(Private(text, "alice"))).CacheLayer);
    }

    private async Task WaitForKeyAsync(string key)
    {
        // Synchronisation with the background L2 write, not a timing assertion.
        await Eventually.HoldsAsync(() => _redis.GetDatabase().KeyExistsAsync(key));

        Assert.True(await _redis.GetDatabase().KeyExistsAsync(key), $"L2 never stored {key}");
    }
}
