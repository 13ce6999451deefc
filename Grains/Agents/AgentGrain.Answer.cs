using Microsoft.Extensions.Logging;
using OrleansAgents.Caching;
using OrleansAgents.Inference;

namespace OrleansAgents.Agents;

/// <summary>
/// The agent's answer source, which its cache calls on a miss: the text is embedded (the silo's
/// <see cref="IInferenceGrain"/> picks the device) and the embedding is returned with its scoring deferred, so that the
/// cache can consult the semantic layer first (<see cref="ComputedAnswer"/>).
/// </summary>
internal sealed partial class AgentGrain
{
    /// <summary>The agent's answer source: the text's embedding, and its scoring deferred until the cache misses.</summary>
    private async Task<ComputedAnswer> ComputeAsync(AgentDescriptor agent, EmbeddingRequest request, CancellationToken cancellationToken)
    {
        // Label embeddings are needed only to score a fresh answer: they load alongside the text, never for a cache hit.
        var labels = _labelVectors ??= EmbedLabelsAsync(agent);
        var embedding = await Inference.EmbedAsync(request, cancellationToken);
        return new ComputedAnswer(request.Text, embedding, async () => Score(agent, embedding, await labels));
    }

    private static CachedAnswer Score(AgentDescriptor agent, EmbeddingResult embedding, float[][] labelVectors) => new(
        LabelScorer.TopK(embedding.Vector, labelVectors, agent.Labels, agent.Labels.Length),
        embedding.TokenCount,
        embedding.Truncated ? [$"The text was truncated to {embedding.TokenCount} tokens (Inference:MaxSequenceLength)."] : []);

    private async Task<float[][]> EmbedLabelsAsync(AgentDescriptor agent)
    {
        try
        {
            // Computed once per silo and shared by every activation; issued together, new labels share batches.
            var vectors = await labelEmbeddings.GetAsync(agent, options.Value.LabelVectors, agent.Profile.Priority);
            LogLabelsEmbedded(logger, agent.Name, vectors.Length);
            return vectors;
        }
        catch
        {
            _labelVectors = null; // let the next request retry
            throw;
        }
    }

    /// <summary>The agent's model: its own, else the silo's default; its requests and cache keys carry it.</summary>
    private string ModelOf(AgentDescriptor agent) => agent.Profile.Model ?? inference.Value.DefaultModelName;

    private IInferenceGrain Inference => GrainFactory.GetGrain<IInferenceGrain>(InferenceGrain.LocalKey);
}
