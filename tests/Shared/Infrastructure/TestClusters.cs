using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansAgents.Hosting;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>Real in-process Orleans clusters running the agents, with extra silo configuration.</summary>
internal static class TestClusters
{
    public static async Task<InProcessTestCluster> StartAsync(
        short silos, IReadOnlyDictionary<string, string?>? configuration = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        if (configuration is not null)
        {
            builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(configuration));
        }

        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault()
                .AddOrleansAgents(
                    configureAgents: TestPaths.PinAgents,
                    configureInference: o => (o.CacheDirectory, o.Model) = (TestPaths.ModelCache, TestPaths.Model));
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
