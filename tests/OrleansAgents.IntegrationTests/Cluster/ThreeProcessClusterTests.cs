using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Production for real: three <c>dotnet OrleansAgents.Silo.dll</c> processes joined through Redis, with grain state and
/// the request log in PostgreSQL. A client drives ~20 s of load over all 131 agents and one silo is SIGKILLed midway.
/// </summary>
[Collection(Name)]
public sealed class ThreeProcessClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Runs alone, after the parallel tests: three silo processes under load would starve them (and be starved).</summary>
    public const string Name = "three silo processes";

    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(7);
    private readonly string _clusterId = $"three-{Guid.NewGuid():N}";
    private readonly List<SiloProcess> _silos = [];
    private PostgresSchema _db = null!;
    private IHost _client = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateMigratedSchemaAsync();
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(SiloProcess.Start(
                "--environment=Production",
                $"--Orleans:ClusterId={_clusterId}",
                $"--ConnectionStrings:Clustering={TestRedis.ConnectionString}",
                $"--ConnectionStrings:Redis={TestRedis.ConnectionString}",
                $"--ConnectionStrings:Postgres={_db.ConnectionString}",
                "--RequestLog:AcknowledgeTimeout=00:00:10"));
        }

        try
        {
            await Task.WhenAll(_silos.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromMinutes(3))));
        }
        catch
        {
            await DisposeAsync(); // xunit does not dispose a class whose initialisation failed: no silo may outlive it
            throw;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // retries are expected here, and logged as warnings
        builder.Services.AddAgentClient(o =>
        {
            o.ClusterId = _clusterId;
            o.RedisConnectionString = TestRedis.ConnectionString;
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
            _client = null!;
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _silos.Clear();
        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null!;
        }
    }

    [Fact]
    public async Task Load_WhenOneSiloIsKilled_CallsRecoverWithin15sAndEverySuccessIsLoggedOnceAndStateSurvives()
    {
        var client = _client.Services.GetRequiredService<IAgentClient>();
        var orleans = _client.Services.GetRequiredService<IClusterClient>();
        var agents = (await client.ListAsync()).Select(a => a.Name).ToArray();
        Assert.Equal(131, agents.Length);

        // State written before the kill: a profile override per agent, persisted in PostgreSQL.
        var ttls = agents.Select((a, i) => (Agent: a, Ttl: 100 + i)).ToArray();
        await Task.WhenAll(ttls.Select(t => orleans.GetGrain<IAgentGrain>(t.Agent).UpdateProfileAsync(new ProfileUpdate { TtlSeconds = t.Ttl })));

        var calls = new ConcurrentBag<Call>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(LoadDuration);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var agent = agents[(w * 17 + n) % agents.Length];
                var id = $"w{w}-{n}";
                var started = clock.Elapsed;
                try
                {
                    // A small set of texts per agent: the load mixes cache hits and model runs.
                    await client.InvokeAsync(agent, new AgentRequest { Text = $"check {agent} build #{n % 5}", RequestId = id });
                    calls.Add(new Call(id, agent, started, clock.Elapsed, null));
                }
                catch (Exception ex)
                {
                    calls.Add(new Call(id, agent, started, clock.Elapsed, ex));
                }
            }
        })).ToArray();

        await Task.Delay(KillAfter);
        var placement = await ActivationsBySiloPortAsync(orleans, agents);
        var victim = _silos.OrderByDescending(s => placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0).First();
        var victimAgents = placement.GetValueOrDefault(victim.SiloPort) ?? [];
        var killedAt = clock.Elapsed;
        victim.Kill();
        await Task.WhenAll(workers);

        var failures = calls.Where(c => c.Error is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} call(s) failed, first: {failures.FirstOrDefault()?.Error}");
        Assert.NotEmpty(victimAgents);

        // The gap: the longest a call that was running at the kill, or started after it, waited for its answer.
        var affected = calls.Where(c => c.Ended > killedAt).ToList();
        var gap = affected.Max(c => c.Ended - (c.Started > killedAt ? c.Started : killedAt));
        var movedAnswers = affected.Where(c => victimAgents.Contains(c.Agent) && c.Started >= killedAt).Select(c => c.Ended - killedAt).ToList();
        var firstVictimAnswer = movedAnswers.Count == 0 ? "none (no call to a moved agent started after the kill)" : $"{movedAnswers.Min().TotalSeconds:0.00} s after the kill";
        output.WriteLine(
            $"activations per silo before the kill: {string.Join(", ", _silos.Select(s => $"{s.SiloPort}={placement.GetValueOrDefault(s.SiloPort)?.Count ?? 0}"))}; " +
            $"killed {victim.SiloPort} with {victimAgents.Count} agents at {killedAt.TotalSeconds:0.0} s");
        output.WriteLine($"{calls.Count} calls, all succeeded; longest wait across the kill {gap.TotalSeconds:0.00} s; " +
            $"first answer from a moved agent to a call started after the kill: {firstVictimAnswer}");
        Assert.True(gap <= TimeSpan.FromSeconds(15), $"calls stalled {gap.TotalSeconds:0.0} s after the kill");

        // Every answer the client saw is in the log exactly once (request_id is unique; retries reuse the id).
        var logged = (await _db.QueryAsync("SELECT request_id, count(*) FROM request_log GROUP BY request_id"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var missing = calls.Where(c => !logged.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} answered request(s) missing from the log, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(calls, c => Assert.Equal(1, logged[c.Id]));
        Assert.Equal(calls.Count, logged.Keys.Count(k => k.StartsWith('w')));

        // State written before the kill is intact, including the agents that were re-activated on a survivor.
        var profiles = await Task.WhenAll(agents.Select(a => orleans.GetGrain<IAgentGrain>(a).GetProfileAsync()));
        Assert.Equal(ttls.Select(t => t.Ttl), profiles.Select(p => p.Profile.TtlSeconds));
    }

    private static async Task<Dictionary<int, HashSet<string>>> ActivationsBySiloPortAsync(IClusterClient orleans, string[] agents)
    {
        var names = agents.ToHashSet(StringComparer.Ordinal);
        var stats = await orleans.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats
            .Where(s => names.Contains(s.GrainId.Key.ToString()!))
            .GroupBy(s => s.SiloAddress.Endpoint.Port)
            .ToDictionary(g => g.Key, g => g.Select(s => s.GrainId.Key.ToString()!).ToHashSet(StringComparer.Ordinal));
    }

    private sealed record Call(string Id, string Agent, TimeSpan Started, TimeSpan Ended, Exception? Error);
}

[CollectionDefinition(ThreeProcessClusterTests.Name, DisableParallelization = true)]
public sealed class ThreeProcessClusterCollection;
