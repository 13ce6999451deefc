using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;

namespace OrleansAgents.Client;

/// <summary>
/// Bounds the Orleans client's start by <see cref="AgentClientOptions.ConnectTimeout"/>. Orleans retries a refused gateway
/// connection (no gateway up, or a TLS handshake the gateway rejects) for ever, so without this the host's start hangs.
/// </summary>
internal sealed class ClusterConnectionGuard(IHostedService client, IOptions<AgentClientOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.ConnectTimeout;
        try
        {
            await client.StartAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // End the client's background retries; the host never started, so nobody else will stop it.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping is best effort here; the failure to report is the connection's.
            }

            throw new ConnectionFailedException(
                $"No gateway of cluster '{options.Value.ClusterId}' accepted a connection within {timeout} (AgentClient:ConnectTimeout). "
                + "Check that the gateways are up and, if the cluster requires mutual TLS, that AgentClient:Tls names a certificate signed by its CA.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => client.StopAsync(cancellationToken);

    /// <summary>Wraps the hosted services <paramref name="addClient"/> registers (the Orleans client) in the guard.</summary>
    public static void Wrap(IServiceCollection services, Action addClient)
    {
        var before = services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        addClient();
        foreach (var added in services.Where(d => d.ServiceType == typeof(IHostedService) && !before.Contains(d)).ToList())
        {
            services.Remove(added);
            services.AddSingleton<IHostedService>(sp => new ClusterConnectionGuard(Resolve(sp, added), sp.GetRequiredService<IOptions<AgentClientOptions>>()));
        }
    }

    private static IHostedService Resolve(IServiceProvider services, ServiceDescriptor descriptor) => (IHostedService)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
