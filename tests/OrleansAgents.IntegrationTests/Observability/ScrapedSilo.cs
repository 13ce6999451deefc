using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Observability;

/// <summary>
/// A real silo with every exporting part in use (Redis L2, PostgreSQL request log), driven with a few requests (answered,
/// cached, unknown agent) and scraped once on its management port: what Prometheus would read from it.
/// </summary>
public sealed class ScrapedSilo : IAsyncLifetime
{
    private PostgresSchema _db = null!;
    private WebApplication _app = null!;

    /// <summary>The scrape: Prometheus text format, as <c>GET /metrics</c> answered it.</summary>
    public string Metrics { get; private set; } = "";

    /// <summary>The names of the scrape's samples (with their <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, <c>_total</c> suffixes).</summary>
    public IReadOnlySet<string> SeriesNames { get; private set; } = new HashSet<string>();

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateMigratedSchemaAsync();
        _app = TestSilos.Create(
            $"--ConnectionStrings:Redis={TestRedis.ConnectionString}",
            $"--ConnectionStrings:Postgres={_db.ConnectionString}",
            "--RequestLog:FlushInterval=00:00:00.050");
        await _app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
        foreach (var text in (string[])["hardcoded secret", "sql injection in login", "hardcoded secret"])
        {
            using var answered = await http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text });
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        using (var unknown = await http.PostAsJsonAsync("/api/agents/no-such-agent/invoke", new { text = "x" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var management = new HttpClient { BaseAddress = new Uri(TestSilos.ManagementUrl(_app)) };
        Metrics = await management.GetStringAsync("/metrics");
        SeriesNames = Metrics.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScrapedSiloCollection : ICollectionFixture<ScrapedSilo>
{
    public const string Name = "scraped silo";
}
