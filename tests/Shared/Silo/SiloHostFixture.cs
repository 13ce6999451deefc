using Microsoft.AspNetCore.Builder;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>The real silo process's host (Orleans + Kestrel on a loopback port), as <c>dotnet run --project Silo</c> builds it.</summary>
public sealed class SiloHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public int GatewayPort { get; } = FreePorts.Next();

    /// <summary>The API key this silo accepts on state-changing endpoints.</summary>
    public string ApiKey { get; } = Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create($"--Orleans:GatewayPort={GatewayPort}", $"--Security:ApiKeys:0={ApiKey}");
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
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
