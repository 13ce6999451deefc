using Microsoft.AspNetCore.Builder;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>The real silo process's host (Orleans + Kestrel on a loopback port), as <c>dotnet run --project Silo</c> builds it.</summary>
public sealed class SiloHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The management port's client (dashboard, <c>/metrics</c>).</summary>
    public HttpClient Management { get; private set; } = null!;

    public int GatewayPort { get; } = FreePorts.Next();

    /// <summary>The API key this silo accepts on state-changing endpoints.</summary>
    public string ApiKey { get; } = Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create($"--Orleans:GatewayPort={GatewayPort}", $"--Security:ApiKeys:0={ApiKey}");
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
        Management = new HttpClient { BaseAddress = new Uri(TestSilos.ManagementUrl(_app)) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Management?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SiloHostCollection : ICollectionFixture<SiloHostFixture>
{
    public const string Name = "silo host";
}
