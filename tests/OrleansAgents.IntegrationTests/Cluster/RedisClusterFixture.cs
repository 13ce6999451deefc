using Orleans.TestingHost;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Cluster;

/// <summary>Two silos sharing the real Redis as L2, with the semantic cache on.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(2, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = TestRedis.ConnectionString,
            ["Caching:SemanticEnabled"] = "true",
            // These tests are about what L2 stores, not its latency budget: a loaded CI machine may need more than 50 ms.
            ["Caching:L2Timeout"] = "00:00:02",
        });
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "two silos on redis";
}
