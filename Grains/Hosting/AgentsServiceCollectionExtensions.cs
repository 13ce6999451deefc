using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;
using OrleansAgents.Placement;
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
        builder.AdvertiseSiloCapabilities();
        return builder;
    }

    /// <summary>Adds OrleansAgents' silo services; options bind to the <c>Agents</c> and <c>Inference</c> sections.</summary>
    public static IServiceCollection AddOrleansAgents(
        this IServiceCollection services,
        Action<AgentCatalogOptions>? configureAgents = null,
        Action<InferenceOptions>? configureInference = null)
    {
        services.AddValidatedOptions<AgentCatalogOptions>(AgentCatalogOptions.SectionName, configureAgents);
        services.AddValidatedOptions<InferenceOptions, InferenceOptionsValidator>(InferenceOptions.SectionName, configureInference);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAgentsInstruments();
        services.TryAddSingleton<IAgentCatalog, AgentCatalog>();
        services.TryAddSingleton<EmbeddingModelFactory>();
        services.TryAddSingleton<InferenceDevices>();
        services.TryAddSingleton<LabelEmbeddings>();
        services.TryAddSingleton<LabelWarmUp>();
        services.TryAddSingleton<OrleansAgents.Routing.AgentProfileVectors>();
        services.AddAgentCaching();
        services.AddRequestLog();
        services.AddAgentPlacement();
        services.AddValidatedOptions<OrleansAgents.Routing.RouterOptions>(OrleansAgents.Routing.RouterOptions.SectionName);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AgentsLifecycle>();
        return services;
    }

    /// <summary>
    /// Adds the answer caches: L2 on Redis when <c>ConnectionStrings:Redis</c> is set, else in process memory, behind the
    /// <see cref="AgentL2Cache.PipelineKey"/> resilience pipeline (timeout + circuit breaker).
    /// </summary>
    public static IServiceCollection AddAgentCaching(this IServiceCollection services, Action<CachingOptions>? configure = null)
    {
        services.AddValidatedOptions<CachingOptions>(CachingOptions.SectionName, configure);
        services.AddAgentsInstruments();
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

    /// <summary>
    /// Adds the agents' placement (accelerator affinity and load-aware, <see cref="AgentPlacementDirector"/>) and the
    /// load snapshot it reads (which routers read for agents' load too); options bind to the <c>Placement</c> section.
    /// </summary>
    public static IServiceCollection AddAgentPlacement(this IServiceCollection services, Action<PlacementOptions>? configure = null)
    {
        services.AddValidatedOptions<PlacementOptions, PlacementOptionsValidator>(PlacementOptions.SectionName, configure);
        services.AddAgentsInstruments();
        services.TryAddSingleton(sp => SiloCapabilities.From(
            sp.GetRequiredService<IOptions<InferenceOptions>>().Value, sp.GetRequiredService<IOptions<PlacementOptions>>().Value));
        services.TryAddSingleton<ISiloCapabilitiesReader, SiloMetadataCapabilitiesReader>();
        services.TryAddSingleton<AgentsInFlight>();
        services.TryAddSingleton<LocalAgents>();
        services.TryAddSingleton<AgentDrain>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AgentDrain>());
        services.TryAddSingleton<AgentRebalancer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AgentRebalancer>());
        services.TryAddSingleton<ISiloLoadSource, ClusterSiloLoadSource>();
        services.TryAddSingleton<SiloLoadSnapshot>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLoadSnapshot>());
        services.AddPlacementDirector<AgentPlacementStrategy, AgentPlacementDirector>();
        return services;
    }

    /// <summary>Publishes this silo's <see cref="SiloCapabilities"/> (accelerators, role) as Orleans silo metadata.</summary>
    public static ISiloBuilder AdvertiseSiloCapabilities(this ISiloBuilder builder)
    {
        // Orleans copies this dictionary when it builds its SiloMetadata options; the configure step registered first
        // fills it from this silo's own options at that moment, so delegates and configuration both count.
        var advertised = new Dictionary<string, string>();
        builder.Services.AddSingleton<IConfigureOptions<SiloMetadata>>(sp =>
            new ConfigureOptions<SiloMetadata>(_ =>
            {
                foreach (var (key, value) in sp.GetRequiredService<SiloCapabilities>().ToMetadata())
                {
                    advertised[key] = value;
                }
            }));
        return builder.UseSiloMetadata(advertised);
    }
}
