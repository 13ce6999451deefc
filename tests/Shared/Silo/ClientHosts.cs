using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Client;

namespace OrleansAgents.Tests.Silo;

/// <summary>Started generic hosts holding the SDK's client, connected to a test silo's gateway.</summary>
public static class ClientHosts
{
    /// <summary>Starts a host with <c>AddAgentClient</c> on <paramref name="gatewayPort"/>, plus what <paramref name="services"/> adds.</summary>
    public static async Task<IHost> StartAsync(int gatewayPort, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentClient(o => o.Gateways = [$"127.0.0.1:{gatewayPort}"]);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
