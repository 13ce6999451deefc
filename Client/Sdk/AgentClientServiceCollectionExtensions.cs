using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Polly;
using Polly.Retry;

namespace OrleansAgents.Client;

/// <summary>Registers <see cref="IAgentClient"/> and the Orleans cluster client it uses.</summary>
public static class AgentClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IAgentClient"/> connected as configuration section <see cref="AgentClientOptions.SectionName"/>
    /// of <paramref name="builder"/> says, then as <paramref name="configure"/> says (local gateway by default).
    /// </summary>
    /// <exception cref="OptionsValidationException">Thrown when the host starts if a setting is out of range.</exception>
    public static IHostApplicationBuilder AddAgentClient(this IHostApplicationBuilder builder, Action<AgentClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAgentClient(builder.Configuration.GetSection(AgentClientOptions.SectionName), configure);
        return builder;
    }

    /// <summary>Adds an <see cref="IAgentClient"/> connected as <paramref name="configure"/> says (local gateway by default).</summary>
    /// <exception cref="OptionsValidationException">Thrown when the host starts if a setting is out of range.</exception>
    public static IServiceCollection AddAgentClient(this IServiceCollection services, Action<AgentClientOptions>? configure = null)
        => services.AddAgentClientCore(configuration: null, configure);

    /// <summary>
    /// Adds an <see cref="IAgentClient"/> connected as <paramref name="configuration"/> (the <c>AgentClient</c> section,
    /// say) and then <paramref name="configure"/> say.
    /// </summary>
    /// <exception cref="OptionsValidationException">Thrown when the host starts if a setting is out of range.</exception>
    public static IServiceCollection AddAgentClient(this IServiceCollection services, IConfiguration configuration, Action<AgentClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddAgentClientCore(configuration, configure);
    }

    private static IServiceCollection AddAgentClientCore(this IServiceCollection services, IConfiguration? configuration, Action<AgentClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AgentClientOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        options.Configure(o => configure?.Invoke(o)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentClientOptions>, AgentClientOptionsValidator>());

        // Orleans picks its gateway-list provider when the client is registered, so Redis or static gateways is decided
        // from the same sources now; every value itself is read from the validated options when the client starts.
        var registration = new AgentClientOptions();
        configuration?.Bind(registration);
        configure?.Invoke(registration);
        ClusterConnectionGuard.Wrap(services, () => services.AddOrleansClient(client =>
        {
            if (!string.IsNullOrWhiteSpace(registration.RedisConnectionString))
            {
                client.UseRedisClustering(registration.RedisConnectionString);
            }
            else
            {
                client.UseStaticClustering(gateways => gateways.Configure<IOptions<AgentClientOptions>>((o, agent) =>
                    o.Gateways = [.. GatewayEndpoints.Resolve(agent.Value.Gateways).Select(e => e.ToGatewayUri())]));
            }

            client.UseClusterTls(registration.Tls);
            // A call made within the caller's span carries it: the silo's spans join the caller's trace.
            client.AddActivityPropagation();
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<AgentClientOptions>>((o, agent) =>
            {
                o.ClusterId = agent.Value.ClusterId;
                o.ServiceId = agent.Value.ServiceId;
            });
        }));
        services.AddResiliencePipeline(AgentClient.RetryPipelineKey, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<AgentClientOptions>>().Value;
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
}
