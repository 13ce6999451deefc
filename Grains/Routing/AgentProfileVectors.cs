using System.Collections.Concurrent;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Routing;

/// <summary>
/// The silo's agent profile vectors (<see cref="AgentProfileTexts"/>, pooled), computed once per agent and shared by
/// every router activation; the texts are embedded as documents through <see cref="LabelEmbeddings"/>, which embeds each
/// text once per silo. A failed computation is forgotten so the next caller retries.
/// </summary>
internal sealed class AgentProfileVectors(LabelEmbeddings embeddings)
{
    private readonly ConcurrentDictionary<string, Task<float[]>> _vectors = new(StringComparer.Ordinal);

    /// <summary><paramref name="agent"/>'s unit-length profile vector, new texts embedded at <paramref name="priority"/>.</summary>
    public Task<float[]> GetAsync(AgentDescriptor agent, int priority)
    {
        var task = _vectors.GetOrAdd(agent.Name, _ => ComputeAsync(agent, priority));
        if (task.IsFaulted || task.IsCanceled)
        {
            _vectors.TryRemove(KeyValuePair.Create(agent.Name, task));
        }

        return task;
    }

    private async Task<float[]> ComputeAsync(AgentDescriptor agent, int priority)
    {
        var texts = AgentProfileTexts.For(agent);
        var vectors = await embeddings.GetAsync([.. texts.Select(t => t.Text)], priority).ConfigureAwait(false);
        return LabelPrototypes.Pool(vectors, [.. texts.Select(t => t.Weight)]);
    }
}
