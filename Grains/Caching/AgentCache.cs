using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;

namespace OrleansAgents.Caching;

/// <summary>
/// One agent's cache hierarchy, owned by its grain activation: L1 (in-grain), in-flight coalescing, L2 (shared), then
/// inference followed by the semantic cache. Lives on the grain's single-threaded scheduler; dies with the activation.
/// </summary>
internal sealed class AgentCache
{
    private readonly Dictionary<string, Task<CacheLookup>> _inFlight = new(StringComparer.Ordinal);
    private readonly AgentL2Cache _l2;
    private readonly CachingOptions _options;
    private readonly TimeSpan _ttl;
    private readonly KeyValuePair<string, object?> _tierTag;
    private readonly KeyValuePair<string, object?> _agentTag;

    public AgentCache(AgentDescriptor agent, AgentL2Cache l2, CachingOptions options, TimeProvider time)
    {
        _l2 = l2;
        _options = options;
        _ttl = TimeSpan.FromSeconds(agent.Profile.TtlSeconds);
        _tierTag = new("tier", agent.Tier.ToString().ToLowerInvariant());
        _agentTag = new("agent", agent.Name);
        L1 = new L1Cache(agent.Profile.L1Bytes, _ttl, options.L1MaxTtlFactor, options.L1ProtectedShare, time);
        Semantic = new SemanticCache(options.SemanticMaxEntries, _ttl, time);
    }

    public L1Cache L1 { get; }

    public SemanticCache Semantic { get; }

    /// <summary>
    /// The cached answer for <paramref name="key"/>, or the one an identical in-flight request is computing, or a new
    /// one from <paramref name="infer"/>. <paramref name="cancellationToken"/> only stops this caller's wait: a shared
    /// computation keeps going for the others.
    /// </summary>
    public async Task<CacheLookup> GetAsync(
        CacheKey key, Func<Task<EmbeddingResult>> infer, Func<EmbeddingResult, CachedAnswer> score, CancellationToken cancellationToken)
    {
        if (L1.TryGet(key.Value, out var cached))
        {
            CacheInstruments.Hits.Add(1, new("layer", "l1"), _tierTag);
            return new CacheLookup(cached, CacheLayer.L1, null);
        }

        CacheInstruments.Misses.Add(1, new("layer", "l1"), _tierTag);
        if (_inFlight.TryGetValue(key.Value, out var running))
        {
            CacheInstruments.Hits.Add(1, new("layer", "coalesced"), _tierTag);
            return (await running.WaitAsync(cancellationToken)) with { Coalesced = true };
        }

        var task = FillAsync(key, infer, score);
        if (!task.IsCompleted)
        {
            _inFlight[key.Value] = task;
        }

        return await task.WaitAsync(cancellationToken);
    }

    private async Task<CacheLookup> FillAsync(CacheKey key, Func<Task<EmbeddingResult>> infer, Func<EmbeddingResult, CachedAnswer> score)
    {
        try
        {
            if (await _l2.GetAsync(key.Value) is { } fromL2)
            {
                CacheInstruments.Hits.Add(1, new("layer", "l2"), _tierTag);
                Store(key, fromL2, writeL2: false);
                return new CacheLookup(fromL2, CacheLayer.L2, null);
            }

            CacheInstruments.Misses.Add(1, new("layer", "l2"), _tierTag);
            var embedding = await infer();
            if (_options.SemanticEnabled)
            {
                if (Semantic.TryFind(key.Scope, embedding.Vector, _options.SemanticThreshold, out var similar, out var similarity))
                {
                    CacheInstruments.Hits.Add(1, new("layer", "semantic"), _tierTag);
                    Store(key, similar, writeL2: false);
                    return new CacheLookup(similar, CacheLayer.Semantic, embedding, similarity);
                }

                CacheInstruments.Misses.Add(1, new("layer", "semantic"), _tierTag);
            }

            var answer = CachedAnswerCodec.Measured(score(embedding));
            Store(key, answer, writeL2: true);
            if (_options.SemanticEnabled)
            {
                Semantic.Add(key.Value, key.Scope, embedding.Vector, answer);
            }

            return new CacheLookup(answer, CacheLayer.None, embedding);
        }
        finally
        {
            _inFlight.Remove(key.Value);
        }
    }

    /// <summary>Drops <paramref name="key"/> from every layer; true when L1 held it.</summary>
    public async Task<bool> RemoveAsync(CacheKey key)
    {
        var removed = L1.Remove(key.Value);
        Semantic.Remove(key.Value);
        await _l2.RemoveAsync(key.Value);
        return removed;
    }

    /// <summary>Drops every local entry (L2 entries become unreachable through the key generation).</summary>
    public void Clear()
    {
        L1.Clear();
        Semantic.Clear();
    }

    private void Store(CacheKey key, CachedAnswer answer, bool writeL2)
    {
        var evicted = L1.Set(key.Value, answer);
        if (evicted > 0)
        {
            CacheInstruments.Evictions.Add(evicted, _agentTag);
        }

        if (writeL2)
        {
            _l2.SetInBackground(key.Value, answer, _ttl);
        }
    }
}
