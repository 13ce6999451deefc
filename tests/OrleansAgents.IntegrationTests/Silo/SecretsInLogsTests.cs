using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>
/// No secret in any log line: a production-like silo (Redis and PostgreSQL connection strings with passwords, admin API
/// keys, a client key, a JWT signing key) logging at Debug into a capturing provider, exercised with valid requests,
/// 401s (missing, altered and forged credentials) and bad input.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private readonly string _redisPassword = $"redis-pw-{Guid.NewGuid():N}";
    private readonly string _apiKey = $"api-key-{Guid.NewGuid():N}";
    private readonly string _otherApiKey = $"api-key-{Guid.NewGuid():N}";
    private readonly string _clientKey = $"client-key-{Guid.NewGuid():N}";
    private readonly string _jwtSigningKey = $"jwt-signing-key-{Guid.NewGuid():N}{Guid.NewGuid():N}";
    private readonly CapturingLoggerProvider _logs = new();
    private PostgresSchema _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateSchemaAsync();
        // Redis's default user has no password here: AUTH with a user name accepts any password, so the string still connects.
        var redis = $"{TestRedis.ConnectionString},user=default,password={_redisPassword}";
        _app = TestSilos.Create(
            "--environment=Production",
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:Orleans=Debug",
            "--Logging:LogLevel:Polly=Debug",
            $"--Orleans:ClusterId=secrets-{Guid.NewGuid():N}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--ConnectionStrings:Clustering={redis}",
            $"--ConnectionStrings:Redis={redis}",
            $"--ConnectionStrings:Postgres={_db.ConnectionString}",
            $"--Security:ApiKeys:0={_apiKey}",
            $"--Security:ApiKeys:1={_otherApiKey}",
            $"--Security:Clients:0:Key={_clientKey}",
            "--Security:Clients:0:Tenant=acme",
            "--Security:Clients:0:UserId=alice",
            "--Security:Clients:0:Scopes:0=agents.invoke",
            "--Security:Clients:0:Scopes:1=ops.read",
            "--Security:Jwt:Issuer=https://issuer.test",
            "--Security:Jwt:Audience=orleans-agents",
            $"--Security:Jwt:SigningKey={_jwtSigningKey}",
            "--Database:MigrateOnStart=true");
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        await _app.MigrateIfConfiguredAsync();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Logs_WhenSiloServesValidBadAndUnauthenticatedRequests_ContainNoSecret()
    {
        await Eventually.HoldsAsync(async () => await _http.GetStringAsync("/health/ready") == "Healthy"); // the silo joins the Redis membership table

        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", key: _clientKey, body: "{\"text\":\"hardcoded secret\",\"sensitivity\":\"private\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", key: _clientKey[..^2], body: "{\"text\":\"x\"}"));
        // A forged JWT (signed with the wrong key) is refused without the token or the real key reaching the log.
        Assert.Equal(HttpStatusCode.Unauthorized, await SendBearerAsync(ForgedJwt()));

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Delete, "/api/agents/semgrep/cache", key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Delete, "/api/agents/semgrep/cache", key: _apiKey + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Put, "/api/agents/semgrep/profile", key: _apiKey[..^1], body: "{\"ttlSeconds\":60}"));
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(HttpMethod.Delete, "/api/agents/semgrep/cache", key: _apiKey));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", key: _otherApiKey, body: "{\"text\": [1, {\"x\": \u0001}]"));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", key: _otherApiKey, body: "{\"text\":\"x\",\"timeoutMs\":-1}"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Post, "/api/agents/no-such-agent/invoke", key: _clientKey, body: "{\"text\":\"x\"}"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "/api/agents/semgrep/stats?window=1h", key: _clientKey));

        var postgresPassword = new NpgsqlConnectionStringBuilder(_db.ConnectionString).Password!;
        var secrets = new[] { _redisPassword, _apiKey, _otherApiKey, _clientKey, _jwtSigningKey, _forgedJwt, $"password={postgresPassword}", _db.ConnectionString };
        var lines = _logs.Lines.ToArray();
        // The scan sees everything down to Debug, the requests' lines included.
        Assert.Contains(lines, line => line.StartsWith("Debug ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("/api/agents/semgrep/cache", StringComparison.Ordinal));
        var leaks = lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToArray();
        Assert.True(leaks.Length == 0, $"{leaks.Length} of {lines.Length} log lines carry a secret, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, leaks.Take(5))}");
    }

    private string _forgedJwt = "";

    private string ForgedJwt()
    {
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Encoding.UTF8.GetBytes($"not-the-key-{Guid.NewGuid():N}{Guid.NewGuid():N}"));
        _forgedJwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "https://issuer.test",
            Audience = "orleans-agents",
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["tenant"] = "acme", ["scope"] = "agents.invoke" },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        return _forgedJwt;
    }

    private async Task<HttpStatusCode> SendBearerAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agents/semgrep/invoke")
        {
            Content = new StringContent("{\"text\":\"x\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
