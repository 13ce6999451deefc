using Orleans.TestingHost;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Cluster;

/// <summary>A real two-silo in-process Orleans cluster running the agents on the real ONNX session.</summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(2);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TwoSiloClusterCollection : ICollectionFixture<TwoSiloClusterFixture>
{
    public const string Name = "two-silo cluster";
}
