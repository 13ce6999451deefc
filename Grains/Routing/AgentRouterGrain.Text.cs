using System.Numerics.Tensors;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Routing;

/// <summary>
/// The router's match of a task's text against its candidates: the text is embedded as a query by the silo's
/// <see cref="IInferenceGrain"/> (sharing the devices' batches) and compared with each candidate's profile vector, which
/// the activation loads once, alongside its first task. Matching is advice: when it fails the task is routed without it.
/// </summary>
internal sealed partial class AgentRouterGrain
{
    // An agent's default priority, and the embedding request's: a task that names none is embedded as agents embed it.
    private const int DefaultPriority = 4;

    private Task<float[][]>? _profileVectors;

    /// <summary>Each candidate's match to the task's text; <see langword="null"/> when the text is not weighed or could not be.</summary>
    private async Task<Dictionary<string, TextMatch>?> MatchAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        var weight = options.Value.TextWeight;
        if (weight <= 0)
        {
            return null;
        }

        try
        {
            var vectors = _profileVectors ??= LoadProfilesAsync();
            var deadline = request.Timeout is { } timeout ? time.GetUtcNow() + timeout : (DateTimeOffset?)null;
            var query = await GrainFactory.GetGrain<IInferenceGrain>(InferenceGrain.LocalKey)
                .EmbedAsync(new EmbeddingRequest(request.Text, request.Priority ?? DefaultPriority, deadline, request.Tenant), cancellationToken);
            var agents = await vectors;
            var relevance = new Dictionary<string, double>(_candidates.Length, StringComparer.Ordinal);
            for (var i = 0; i < _candidates.Length; i++)
            {
                relevance[_candidates[i].Name] = Cosine(query.Vector, agents[i]);
            }

            return TextMatch.For(relevance, weight);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (_profileVectors is { IsFaulted: true } or { IsCanceled: true })
            {
                _profileVectors = null; // let the next task retry
            }

            LogTextMatchFailed(logger, Capability, ex.Message);
            return null;
        }
    }

    private async Task<float[][]> LoadProfilesAsync()
    {
        // Computed once per silo and shared by every router; issued together, new texts share batches.
        var vectors = await Task.WhenAll(_candidates.Select(a => profiles.GetAsync(a, a.Profile.Priority)));
        LogProfilesLoaded(logger, Capability, vectors.Length);
        return vectors;
    }

    // Both vectors are unit length, but a degenerate one (all zeros) must not make a NaN that poisons every match.
    private static double Cosine(float[] a, float[] b)
    {
        var cosine = (double)TensorPrimitives.CosineSimilarity(a, b);
        return double.IsFinite(cosine) ? Math.Clamp(cosine, -1, 1) : 0;
    }
}
