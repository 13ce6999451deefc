using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

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
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AgentsLifecycle>();
        return services;
    }
}
