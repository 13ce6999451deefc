using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgents.Tests.Cluster;

/// <summary>L2 on a real Redis shared by two silos.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisCachingClusterTests(RedisClusterFixture fixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await TestRedis.ConnectAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private IAgentGrain Agent(string name) => fixture.Client.GetGrain<IAgentGrain>(name);

    [Fact]
    public async Task InvokeAsync_WhenAgentReactivates_ServesTheAnswerFromRedisWithItsTierTtl()
    {
        var agent = (await Agent("semgrep").GetProfileAsync());
        var request = new AgentRequest { Text = $"hardcoded password in config {Guid.NewGuid():N}", TopK = 4 };
        var first = await Agent(agent.Name).InvokeAsync(request);
        var key = CacheKeyBuilder.Build(agent.Name, TestPaths.Model, 0, request, agent.Profile, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)).Value;
        await WaitForKeyAsync(key);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, agent.Profile.TtlSeconds - 5, agent.Profile.TtlSeconds);

        await fixture.Cluster.DeactivateAsync(Agent(agent.Name));
        var second = await Agent(agent.Name).InvokeAsync(request);

        Assert.Equal(CacheLayer.None, first.CacheLayer);
        Assert.Equal(CacheLayer.L2, second.CacheLayer);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(CacheLayer.L1, (await Agent(agent.Name).InvokeAsync(request)).CacheLayer);
    }

    [Fact]
    public async Task SetInBackground_WhenValueAboveThreshold_StoresBrotliElsePlain()
    {
        Assert.IsType<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache>(
            fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>());
        var l2 = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<AgentL2Cache>();
        var threshold = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<CachingOptions>>().Value.CompressionThresholdBytes;
        var small = CachedAnswerCodec.Measured(new CachedAnswer([new LabelScore("sql injection", 0.9f)], 7, []));
        var large = CachedAnswerCodec.Measured(new CachedAnswer(
            [.. Enumerable.Range(0, 40).Select(i => new LabelScore($"a rather long label number {i} about weak cryptography", i / 40f))], 99, []));
        Assert.True(small.SerializedBytes <= threshold);
        Assert.True(large.SerializedBytes > threshold);

        var smallKey = $"oa:test:small:{Guid.NewGuid():N}";
        var largeKey = $"oa:test:large:{Guid.NewGuid():N}";
        l2.SetInBackground(smallKey, small, TimeSpan.FromMinutes(1));
        l2.SetInBackground(largeKey, large, TimeSpan.FromMinutes(1));
        await WaitForKeyAsync(smallKey);
        await WaitForKeyAsync(largeKey);

        byte[] smallRaw = (await _redis.GetDatabase().HashGetAsync(smallKey, "data"))!;
        byte[] largeRaw = (await _redis.GetDatabase().HashGetAsync(largeKey, "data"))!;
        Assert.Equal(CachedAnswerCodec.Plain, smallRaw[0]);
        Assert.Equal(CachedAnswerCodec.Brotli, largeRaw[0]);
        Assert.True(largeRaw.Length < large.SerializedBytes);
        Assert.Equal(large.Labels, (await l2.GetAsync(largeKey))!.Labels);
        Assert.Equal(small.Labels, (await l2.GetAsync(smallKey))!.Labels);
    }

    [Fact]
    public async Task InvokeAsync_WhenNearDuplicateInSameScope_AnswersFromSemanticCacheButNeverAcrossUsers()
    {
        var text = $"please check this sql query for injection in the login form {Guid.NewGuid():N}";
        var alice = new AgentRequest { Text = text, Sensitivity = Sensitivity.Private, UserId = "alice", Tenant = "acme" };
        await Agent("semgrep").InvokeAsync(alice);

        var near = await Agent("semgrep").InvokeAsync(alice with { Text = text + " !" });
        Assert.Equal(CacheLayer.Semantic, near.CacheLayer);
        Assert.NotNull(near.Similarity);
        Assert.InRange(near.Similarity!.Value, 0.95f, 1.0f);

        var bob = await Agent("semgrep").InvokeAsync(alice with { UserId = "bob", Text = text + " !" });
        Assert.Equal(CacheLayer.None, bob.CacheLayer);
        Assert.Null(bob.Similarity);
    }

    private async Task WaitForKeyAsync(string key)
    {
        // Synchronisation with the background L2 write, not a timing assertion.
        await Eventually.HoldsAsync(() => _redis.GetDatabase().KeyExistsAsync(key));

        Assert.True(await _redis.GetDatabase().KeyExistsAsync(key), $"L2 never stored {key}");
    }
}
