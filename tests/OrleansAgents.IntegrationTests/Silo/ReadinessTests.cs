using System.Net;
using Microsoft.AspNetCore.Builder;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>Readiness follows PostgreSQL: not ready while it does not answer, ready again when it returns.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TcpProxy _postgres = new(new IPEndPoint(IPAddress.Loopback, 5432));
    private PostgresSchema _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateMigratedSchemaAsync();
        _app = TestSilos.Create(
            $"--ConnectionStrings:Postgres={_db.Through(_postgres.Port)};Timeout=5",
            "--Logging:LogLevel:Default=None");
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Ready_WhenPostgresGoesAwayAndReturns_FailsThenRecovers()
    {
        await WaitForAsync(HttpStatusCode.OK);

        _postgres.Stop();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await WaitForAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);

        _postgres.Start();
        await WaitForAsync(HttpStatusCode.OK);
    }

    // Probes repeat, as a kubelet's do; a loaded machine may need more than one to see the change.
    private async Task WaitForAsync(HttpStatusCode expected)
    {
        var last = HttpStatusCode.InternalServerError;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60) && (last = await ReadyAsync()) != expected)
        {
        }

        Assert.Equal(expected, last);
    }

    private async Task<HttpStatusCode> ReadyAsync()
    {
        using var response = await _http.GetAsync("/health/ready");
        return response.StatusCode;
    }
}
