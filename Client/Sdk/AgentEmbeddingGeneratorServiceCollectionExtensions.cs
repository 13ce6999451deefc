using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansAgents.Client;

/// <summary>Registers the cluster's embeddings as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
public static class AgentEmbeddingGeneratorServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> that embeds through the cluster, with the
    /// vectors the agents use. Needs <c>AddAgentClient</c> (its connection and retry pipeline).
    /// </summary>
    public static IServiceCollection AddAgentEmbeddingGenerator(this IServiceCollection services, Action<AgentEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(IAgentClient)))
        {
            throw new InvalidOperationException("AddAgentEmbeddingGenerator needs the cluster connection: call AddAgentClient first.");
        }

        var options = new AgentEmbeddingGeneratorOptions();
        configure?.Invoke(options);
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => ActivatorUtilities.CreateInstance<AgentEmbeddingGenerator>(sp, options));
        return services;
    }
}
