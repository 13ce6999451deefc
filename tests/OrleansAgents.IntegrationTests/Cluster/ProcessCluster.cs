using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Production for real, shared by the cluster drills: <c>dotnet OrleansAgents.Silo.dll</c> processes joined through
/// Redis, with grain state and the request log in a private PostgreSQL schema, and an SDK client host.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _clusterId = $"drill-{Guid.NewGuid():N}";
    private readonly List<SiloProcess> _silos = [];
    private readonly string[] _settings;
    private IHost? _client;

    private ProcessCluster(PostgresSchema db, string[] settings)
    {
        Db = db;
        _settings = settings;
    }

    /// <summary>What a version conflict on a grain state write logs (Orleans' <c>InconsistentStateException</c>).</summary>
    public const string InconsistentState = "InconsistentStateException";

    public PostgresSchema Db { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IAgentClient Client => _client!.Services.GetRequiredService<IAgentClient>();

    public IClusterClient Orleans => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts <paramref name="silos"/> silos (each with <paramref name="settings"/> added) and a client connected to them.</summary>
    public static async Task<ProcessCluster> StartAsync(int silos, params string[] settings)
    {
        var cluster = new ProcessCluster(await TestPostgres.CreateMigratedSchemaAsync(), settings);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.AddSiloAsync()));
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders(); // retries are expected here, and logged as warnings
            builder.Services.AddAgentClient(o =>
            {
                o.ClusterId = cluster._clusterId;
                o.RedisConnectionString = TestRedis.ConnectionString;
            });
            cluster._client = builder.Build();
            await cluster._client.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(); // xunit does not dispose a class whose initialisation failed: no silo may outlive it
            throw;
        }
    }

    /// <summary>Starts one more silo and waits until it is ready.</summary>
    public async Task<SiloProcess> AddSiloAsync()
    {
        var silo = SiloProcess.Start(
        [
            "--environment=Production",
            $"--Orleans:ClusterId={_clusterId}",
            $"--ConnectionStrings:Clustering={TestRedis.ConnectionString}",
            $"--ConnectionStrings:Redis={TestRedis.ConnectionString}",
            $"--ConnectionStrings:Postgres={Db.ConnectionString}",
            "--RequestLog:AcknowledgeTimeout=00:00:10",
            .. _settings,
        ]);
        silo.Watch(InconsistentState);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        await silo.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        return silo;
    }

    /// <summary>The catalog's agent names (131).</summary>
    public async Task<string[]> AgentsAsync() => [.. (await Client.ListAsync()).Select(a => a.Name)];

    /// <summary>Writes a distinct profile override (TTL 100 + index) to every agent; returns the TTLs written, in order.</summary>
    public async Task<int[]> OverrideProfilesAsync(string[] agents)
    {
        var ttls = agents.Select((_, i) => 100 + i).ToArray();
        await Task.WhenAll(agents.Select((a, i) => Orleans.GetGrain<IAgentGrain>(a).UpdateProfileAsync(new ProfileUpdate { TtlSeconds = ttls[i] })));
        return ttls;
    }

    /// <summary>The TTL every agent's profile has now (activating the agents that are not active).</summary>
    public async Task<int[]> ProfileTtlsAsync(string[] agents)
        => [.. (await Task.WhenAll(agents.Select(a => Orleans.GetGrain<IAgentGrain>(a).GetProfileAsync()))).Select(p => p.Profile.TtlSeconds)];

    /// <summary>The agents active on each silo, by silo port.</summary>
    public async Task<Dictionary<int, HashSet<string>>> ActivationsBySiloPortAsync(string[] agents)
    {
        var names = agents.ToHashSet(StringComparer.Ordinal);
        var stats = await Orleans.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats
            .Where(s => names.Contains(s.GrainId.Key.ToString()!))
            .GroupBy(s => s.SiloAddress.Endpoint.Port)
            .ToDictionary(g => g.Key, g => g.Select(s => s.GrainId.Key.ToString()!).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>"port=count, …" for every silo started.</summary>
    public string Spread(Dictionary<int, HashSet<string>> placement)
        => string.Join(", ", _silos.Select(s => $"{s.SiloPort}={placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0}"));

    /// <summary>How many rows the request log holds for each request id.</summary>
    public async Task<Dictionary<string, long>> LoggedRequestIdsAsync()
        => (await Db.QueryAsync("SELECT request_id, count(*) FROM request_log GROUP BY request_id"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
            _client = null;
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _silos.Clear();
        await Db.DisposeAsync();
    }
}
