using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansAgents.Hosting;
using OrleansAgents.Persistence;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Persistence;

/// <summary>A real one-silo in-process cluster whose <c>Default</c> grain storage is a fresh, migrated PostgreSQL schema.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private PostgresSchema _schema = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    internal PostgresSchema Schema => _schema;

    /// <summary>The silo's <c>Default</c> grain storage (the ADO.NET provider).</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>("Default");

    /// <summary>The serializer the <c>Default</c> storage writes payloads with.</summary>
    public IGrainStorageSerializer Serializer => Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get("Default").GrainStorageSerializer;

    public string ServiceId => Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    private IServiceProvider Services => Cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        _schema = await TestPostgres.CreateSchemaAsync();
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        var builder = new InProcessTestClusterBuilder(1);
        var connectionString = _schema.ConnectionString;
        builder.ConfigureSilo((_, silo) => silo
            .AddPostgresGrainStorage("Default", connectionString)
            .AddOrleansAgents(
                    configureAgents: TestPaths.PinAgents,
                    configureInference: o => (o.CacheDirectory, o.Model) = (TestPaths.ModelCache, TestPaths.Model)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }
}
