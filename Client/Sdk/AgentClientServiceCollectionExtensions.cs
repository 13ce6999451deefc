using Microsoft.Extensions.Hosting;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Polly;
using Polly.Retry;

namespace OrleansAgents.Client;

/// <summary>Registers <see cref="IAgentClient"/> and the Orleans cluster client it uses.</summary>
public static class AgentClientServiceCollectionExtensions
{
    /// <summary>Adds an <see cref="IAgentClient"/> connected as <paramref name="configure"/> says (local gateway by default).</summary>
    public static IServiceCollection AddAgentClient(this IServiceCollection services, Action<AgentClientOptions>? configure = null)
    {
        var options = new AgentClientOptions();
        configure?.Invoke(options);
        Validate(options);
        var gateways = options.Gateways.Select(ParseGateway).ToList();
        services.AddOrleansClient(client =>
        {
            if (!string.IsNullOrWhiteSpace(options.RedisConnectionString))
            {
                client.UseRedisClustering(options.RedisConnectionString);
            }
            else if (gateways.Count > 0)
            {
                client.UseStaticClustering([.. gateways]);
            }
            else
            {
                client.UseLocalhostClustering(serviceId: options.ServiceId, clusterId: options.ClusterId);
            }

            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
        });
        services.AddSingleton(Options.Create(options));
        services.AddResiliencePipeline(AgentClient.RetryPipelineKey, builder =>
        {
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(AgentClient.IsTransient),
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.RetryMaxDelay,
                    UseJitter = true,
                });
            }
        });
        services.AddSingleton<GatewayLossSignal>();
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayLossSignal>());
        services.AddSingleton<IAgentClient, AgentClient>();
        return services;
    }

    private static void Validate(AgentClientOptions options)
    {
        if (options.MaxRetryAttempts is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRetryAttempts, "AgentClientOptions.MaxRetryAttempts must be 0–100.");
        }

        if (options.RetryBaseDelay < TimeSpan.FromMilliseconds(1) || options.RetryBaseDelay > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RetryBaseDelay, "AgentClientOptions.RetryBaseDelay must be 1 ms–10 s.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay || options.RetryMaxDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RetryMaxDelay, "AgentClientOptions.RetryMaxDelay must be at least RetryBaseDelay and at most 1 min.");
        }
    }

    private static IPEndPoint ParseGateway(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535)
        {
            var host = Dns.GetHostAddresses(text[..colon]).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new ArgumentException($"Gateway host '{text[..colon]}' has no IPv4 address.", nameof(text));
            return new IPEndPoint(host, port);
        }

        throw new ArgumentException($"Gateway '{text}' is not host:port.", nameof(text));
    }
}
