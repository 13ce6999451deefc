using Microsoft.Extensions.AI;
using OrleansAgents.Inference;
using Polly;
using Polly.Registry;

namespace OrleansAgents.Client;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the cluster's <see cref="IInferenceGrain"/>: the vectors the
/// agents use, batched on the gateway silo with every other caller's, each text retried by the SDK's retry pipeline.
/// </summary>
internal sealed class AgentEmbeddingGenerator(
    IClusterClient cluster,
    ResiliencePipelineProvider<string> pipelines,
    GatewayLossSignal gatewayLoss,
    AgentEmbeddingGeneratorOptions options)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name in the generator's metadata.</summary>
    public const string ProviderName = "orleans-agents";

    // The inference grain is a stateless worker: from a client, the call lands on the gateway silo's local worker. The
    // key carries no meaning; this is the one agents use.
    private const string InferenceKey = "local";

    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(AgentClient.RetryPipelineKey);
    private readonly EmbeddingGeneratorMetadata _metadata = new(ProviderName, providerUri: null, options.ModelId);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? generationOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var grain = cluster.GetGrain<IInferenceGrain>(InferenceKey);
        // Sent together, so the silo's batcher can run them in one batch.
        var results = await Task.WhenAll(texts.Select(text => EmbedAsync(grain, text, cancellationToken)));
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(results.Select(r => new Embedding<float>(r.Vector) { ModelId = options.ModelId }))
        {
            Usage = new UsageDetails { InputTokenCount = results.Sum(r => (long)r.TokenCount), TotalTokenCount = results.Sum(r => (long)r.TokenCount) },
        };
        return embeddings;
    }

    private async Task<EmbeddingResult> EmbedAsync(IInferenceGrain grain, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return await _retry.ExecuteAsync(
            static (state, ct) => AgentClient.AttemptAsync(state.gatewayLoss, "inference", ct2 => state.grain.EmbedAsync(new EmbeddingRequest(state.text), ct2), ct),
            (gatewayLoss, grain, text),
            cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The cluster client belongs to the host.
    }
}
