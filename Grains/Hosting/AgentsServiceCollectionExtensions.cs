using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Inference;
using OrleansAgents.RequestLog;
using Polly;

namespace OrleansAgents.Hosting;

/// <summary>Registers the agents, their catalog and the inference devices on a silo.</summary>
public static class AgentsServiceCollectionExtensions
{
    /// <summary>Adds OrleansAgents to the silo; options bind to the <c>Agents</c> and <c>Inference</c> sections.</summary>
    public static ISiloBuilder AddOrleansAgents(
        this ISiloBuilder builder,
        Action<AgentCatalogOptions>? configureAgents = null,
        Action<InferenceOptions>? configureInference = null)
    {
        builder.Services.AddOrleansAgents(configureAgents, configureInference);
        return builder;
    }

    /// <summary>Adds OrleansAgents' silo services; options bind to the <c>Agents</c> and <c>Inference</c> sections.</summary>
    public static IServiceCollection AddOrleansAgents(
        this IServiceCollection services,
        Action<AgentCatalogOptions>? configureAgents = null,
        Action<InferenceOptions>? configureInference = null)
    {
        services.AddOptions<AgentCatalogOptions>()
            .BindConfiguration(AgentCatalogOptions.SectionName)
            .Configure(o => configureAgents?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .Configure(o => configureInference?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAgentCatalog, AgentCatalog>();
        services.TryAddSingleton<EmbeddingModelFactory>();
        services.TryAddSingleton<InferenceDevices>();
        services.AddAgentCaching();
        services.AddRequestLog();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AgentsLifecycle>();
        return services;
    }

    /// <summary>
    /// Adds the answer caches: L2 on Redis when <c>ConnectionStrings:Redis</c> is set, else in process memory, behind the
    /// <see cref="AgentL2Cache.PipelineKey"/> resilience pipeline (timeout + circuit breaker).
    /// </summary>
    public static IServiceCollection AddAgentCaching(this IServiceCollection services, Action<CachingOptions>? configure = null)
    {
        services.AddOptions<CachingOptions>()
            .BindConfiguration(CachingOptions.SectionName)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<OrleansAgents.Redis.RedisConnections>();
        services.AddSingleton<IConfigureOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>, RedisL2Configuration>();
        services.TryAddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(sp =>
        {
            var redis = sp.GetService<IConfiguration>()?.GetConnectionString(CachingOptions.RedisConnectionName);
            return string.IsNullOrWhiteSpace(redis)
                ? ActivatorUtilities.CreateInstance<Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache>(sp)
                : ActivatorUtilities.CreateInstance<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache>(sp);
        });
        services.AddResiliencePipeline(AgentL2Cache.PipelineKey, (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<CachingOptions>>().Value;
            builder
                .AddCircuitBreaker(new Polly.CircuitBreaker.CircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 5,
                    SamplingDuration = TimeSpan.FromSeconds(10),
                    BreakDuration = o.L2BreakDuration,
                })
                .AddTimeout(o.L2Timeout);
        });
        services.TryAddSingleton<AgentL2Cache>();
        return services;
    }
}
