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
            $"--ConnectionStrings:Postgres={_db.Through(_postgres.Port)};Timeout=1",
            "--Logging:LogLevel:Default=None");
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
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
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync());

        _postgres.Stop();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyAsync());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);

        _postgres.Start();
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync());
    }

    private async Task<HttpStatusCode> ReadyAsync()
    {
        using var response = await _http.GetAsync("/health/ready");
        return response.StatusCode;
    }
}
