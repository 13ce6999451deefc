using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Cluster;

/// <summary>An agent's own semantic-cache threshold (its profile) overrides the silo's <c>Caching:SemanticThreshold</c>.</summary>
public sealed class SemanticThresholdClusterTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        1, new Dictionary<string, string?> { ["Caching:SemanticEnabled"] = "true", ["Caching:SemanticThreshold"] = "0.95" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task UpdateProfileAsync_WhenSemanticThresholdRaised_ANearDuplicateNoLongerHitsTheSemanticCache()
    {
        var agent = _cluster.Client.GetGrain<IAgentGrain>("semgrep-security-analyzer");
        var text = $"check the token refresh endpoint for broken auth {Guid.NewGuid():N}";
        await agent.InvokeAsync(new AgentRequest { Text = text });
        var near = await agent.InvokeAsync(new AgentRequest { Text = text + " !" });
        Assert.Equal(CacheLayer.Semantic, near.CacheLayer);
        Assert.InRange(near.Similarity!.Value, 0.95f, 0.999f);

        var updated = await agent.UpdateProfileAsync(new ProfileUpdate { SemanticThreshold = 0.9999 });
        await agent.InvokeAsync(new AgentRequest { Text = text });
        var after = await agent.InvokeAsync(new AgentRequest { Text = text + " !" });

        Assert.Equal(0.9999, updated.Profile.SemanticThreshold);
        Assert.Equal(CacheLayer.None, after.CacheLayer);
    }
}
