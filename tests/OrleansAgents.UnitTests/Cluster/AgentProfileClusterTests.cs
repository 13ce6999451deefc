using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Tests.Cluster;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class AgentProfileClusterTests(TwoSiloClusterFixture fixture)
{
    private IAgentGrain Agent(string name) => fixture.Client.GetGrain<IAgentGrain>(name);

    [Fact]
    public async Task UpdateProfileAsync_WhenValid_PersistsAcrossReactivationAndDropsL1()
    {
        var agent = Agent("data-pipeline-engineer");
        var request = new AgentRequest { Text = $"backfill the events table {Guid.NewGuid():N}" };
        await agent.InvokeAsync(request);
        Assert.Equal(CacheLayer.L1, (await agent.InvokeAsync(request)).CacheLayer);

        var updated = await agent.UpdateProfileAsync(new ProfileUpdate { TtlSeconds = 900, Priority = 7 });
        Assert.Equal(900, updated.Profile.TtlSeconds);
        Assert.Equal(7, updated.Profile.Priority);
        Assert.NotEqual(CacheLayer.L1, (await agent.InvokeAsync(request)).CacheLayer);

        await agent.UpdateProfileAsync(new ProfileUpdate { L1Bytes = 1024 * 1024 });
        await fixture.Cluster.DeactivateAsync(agent);
        var after = await agent.GetProfileAsync();
        Assert.Equal(900, after.Profile.TtlSeconds);
        Assert.Equal(7, after.Profile.Priority);
        Assert.Equal(1024 * 1024, after.Profile.L1Bytes);
    }

    [Theory]
    [InlineData(14, null, null, "ttlSeconds")]
    [InlineData(1801, null, null, "ttlSeconds")]
    [InlineData(null, 10, null, "priority")]
    [InlineData(null, null, 1024L, "l1Bytes")]
    public async Task UpdateProfileAsync_WhenOutOfRange_ThrowsNamingFieldAndChangesNothing(int? ttl, int? priority, long? l1, string field)
    {
        var before = await Agent("garbage-collector").GetProfileAsync();
        var ex = await Assert.ThrowsAsync<InvalidAgentRequestException>(
            () => Agent("garbage-collector").UpdateProfileAsync(new ProfileUpdate { TtlSeconds = ttl, Priority = priority, L1Bytes = l1 }));
        Assert.Equal(field, ex.Field);
        Assert.Equal(before.Profile, (await Agent("garbage-collector").GetProfileAsync()).Profile);
    }

    [Theory]
    [InlineData(0.49)]
    [InlineData(1.01)]
    public async Task UpdateProfileAsync_WhenSemanticThresholdOutOfRange_ThrowsNamingIt(double threshold)
    {
        var ex = await Assert.ThrowsAsync<InvalidAgentRequestException>(
            () => Agent("garbage-collector").UpdateProfileAsync(new ProfileUpdate { SemanticThreshold = threshold }));
        Assert.Equal("semanticThreshold", ex.Field);
    }

    [Fact]
    public async Task GetCountersAsync_AfterRequestsAndReactivation_KeepsLifetimeCounts()
    {
        var agent = Agent("synthetic-data-generator");
        var start = await agent.GetCountersAsync();
        var text = $"generate rows {Guid.NewGuid():N}";
        await agent.InvokeAsync(new AgentRequest { Text = text });
        await agent.InvokeAsync(new AgentRequest { Text = text });
        await Assert.ThrowsAsync<InvalidAgentRequestException>(() => agent.InvokeAsync(new AgentRequest { Text = "" }));

        await fixture.Cluster.DeactivateAsync(agent);
        var counters = await agent.GetCountersAsync();

        Assert.Equal(start.Requests + 2, counters.Requests);
        Assert.Equal(start.CacheHits + 1, counters.CacheHits);
        Assert.Equal(start.Errors, counters.Errors);
    }
}
