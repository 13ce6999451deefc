using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Persistence;
using OrleansAgents.Redis;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>The production profile for real: Redis clustering and L2, PostgreSQL grain state and request log, migrated at start.</summary>
public sealed class ProductionSiloTests : IAsyncLifetime
{
    private PostgresSchema _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static string ApiKey { get; } = Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateSchemaAsync();
        _app = TestSilos.Create(
            "--environment=Production",
            $"--Orleans:ClusterId=prod-{Guid.NewGuid():N}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--ConnectionStrings:Clustering={TestRedis.ConnectionString}",
            $"--ConnectionStrings:Redis={TestRedis.ConnectionString}",
            $"--ConnectionStrings:Postgres={_db.ConnectionString}",
            "--Database:MigrateOnStart=true",
            $"--Security:ApiKeys:0={ApiKey}",
            "--RequestLog:FlushInterval=00:00:00.050");
        await _app.MigrateIfConfiguredAsync();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey); // the production profile requires authentication
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_WhenProductionProfileWithoutCredentials_Returns401()
    {
        // Outside Development Security:RequireAuthentication defaults to true.
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var response = await anonymous.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "sql injection in login" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task Invoke_WhenProductionProfile_LogsTheRequestAndPersistsStateInPostgres()
    {
        await Eventually.HoldsAsync(async () => await _http.GetStringAsync("/health/ready") == "Healthy"); // the silo joins the Redis membership table

        using var invoke = await _http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "sql injection in login", requestId = "prod-1" });
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        using (var profile = await _http.PutAsJsonAsync("/api/agents/semgrep/profile", new { ttlSeconds = 120 }))
        {
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        }

        for (var attempt = 0; attempt < 500 && await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id = 'prod-1'") == 0; attempt++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id = 'prod-1' AND agent = 'semgrep-security-analyzer' AND outcome = 'ok'"));
        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM orleans_grain_state WHERE payload IS NOT NULL"));
        var stats = await _http.GetFromJsonAsync<JsonElement>("/api/agents/semgrep/stats?window=1h");
        Assert.Equal(1, stats.GetProperty("requests").GetInt64());
        Assert.Equal((0, "postgres"), (stats.GetProperty("errors").GetInt64(), stats.GetProperty("source").GetString()));
        Assert.Equal(DatabaseMigrator.Migrations.Count, await _db.ScalarAsync("SELECT count(*) FROM schema_migrations"));

        // Clustering and the L2 share the process's one multiplexer (both use the same Redis here).
        var connections = _app.Services.GetRequiredService<RedisConnections>();
        Assert.Equal(1, connections.Count);
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{TestRedis.ConnectionString},allowAdmin=true");
        var clients = await admin.GetServer(admin.GetEndPoints()[0]).ClientListAsync();
        Assert.Contains(clients, c => c.Name == connections.ClientName);
    }
}
