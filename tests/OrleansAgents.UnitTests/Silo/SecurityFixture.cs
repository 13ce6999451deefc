using Microsoft.AspNetCore.Builder;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>
/// A silo with authentication required: clients alice (t1), bob (t2), carol (t3, for bursts), an operator, a trusted
/// backend of tenant t1 that may act for its users (agents.impersonate) and a JWT issuer.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "orleans-agents";
    public static readonly string SigningKey = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private WebApplication? _app;

    public string AliceKey { get; } = Guid.NewGuid().ToString("N");

    public string BobKey { get; } = Guid.NewGuid().ToString("N");

    public string CarolKey { get; } = Guid.NewGuid().ToString("N");

    public string OpsKey { get; } = Guid.NewGuid().ToString("N");

    public string BackendKey { get; } = Guid.NewGuid().ToString("N");

    public HttpClient Http { get; private set; } = null!;

    public HttpClient Management { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create(
            "--Security:RequireAuthentication=true",
            "--RateLimiting:PermitsPerMinute=100",
            $"--Security:Clients:0:Key={AliceKey}", "--Security:Clients:0:Tenant=t1", "--Security:Clients:0:UserId=alice", "--Security:Clients:0:Scopes:0=agents.invoke",
            $"--Security:Clients:1:Key={BobKey}", "--Security:Clients:1:Tenant=t2", "--Security:Clients:1:UserId=bob", "--Security:Clients:1:Scopes:0=agents.invoke",
            $"--Security:Clients:2:Key={CarolKey}", "--Security:Clients:2:Tenant=t3", "--Security:Clients:2:UserId=carol", "--Security:Clients:2:Scopes:0=agents.invoke",
            $"--Security:Clients:3:Key={OpsKey}", "--Security:Clients:3:Tenant=ops", "--Security:Clients:3:Scopes:0=ops.read",
            $"--Security:Clients:4:Key={BackendKey}", "--Security:Clients:4:Tenant=t1", "--Security:Clients:4:Scopes:0=agents.invoke", "--Security:Clients:4:Scopes:1=agents.impersonate",
            $"--Security:Jwt:Issuer={Issuer}", $"--Security:Jwt:Audience={Audience}", $"--Security:Jwt:SigningKey={SigningKey}");
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
        Management = new HttpClient { BaseAddress = new Uri(TestSilos.ManagementUrl(_app)) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Management?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
