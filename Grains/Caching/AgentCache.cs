using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;

namespace OrleansAgents.Caching;

/// <summary>
/// One agent's cache hierarchy, owned by its grain activation: L1 (in-grain), in-flight coalescing, L2 (shared), then
/// the agent's answer source (<see cref="ComputedAnswer"/>: embedding, then the semantic cache, then scoring), in that
/// order, each step reached only when the one before missed. Lives on the grain's single-threaded scheduler; dies with the activation,
/// which disposes it so that its L1 stops being reported in <c>cache.bytes</c>.
/// </summary>
internal sealed class AgentCache : IDisposable
{
    private readonly Dictionary<string, Task<CacheLookup>> _inFlight = new(StringComparer.Ordinal);
    private readonly AgentL2Cache _l2;
    private readonly CachingOptions _options;
    private readonly TimeSpan _ttl;
    private readonly string _agent;
    private readonly AgentTier _tier;
    private readonly double _semanticThreshold;
    private readonly CacheInstruments _instruments;
    private readonly IDisposable _bytesGauge;

    public AgentCache(AgentDescriptor agent, AgentL2Cache l2, CachingOptions options, CacheInstruments instruments, TimeProvider time)
    {
        _l2 = l2;
        _options = options;
        _instruments = instruments;
        _ttl = TimeSpan.FromSeconds(agent.Profile.TtlSeconds);
        _agent = agent.Name;
        _tier = agent.Tier;
        _semanticThreshold = agent.Profile.SemanticThreshold ?? options.SemanticThreshold;
        L1 = new L1Cache(agent.Profile.L1Bytes, _ttl, options.L1MaxTtlFactor, options.L1ProtectedShare, time);
        Semantic = new SemanticCache(options.SemanticMaxEntries, _ttl, time);
        var l1 = L1;
        _bytesGauge = instruments.RegisterL1Bytes(agent.Name, () => l1.Bytes);
    }

    public L1Cache L1 { get; }

    public SemanticCache Semantic { get; }

    /// <summary>
    /// The cached answer for <paramref name="key"/>, or the one an identical in-flight request is computing, or a new
    /// one from <paramref name="compute"/>. <paramref name="cancellationToken"/> only stops this caller's wait: a shared
    /// computation keeps going for the others.
    /// </summary>
    public async Task<CacheLookup> GetAsync(CacheKey key, Func<Task<ComputedAnswer>> compute, CancellationToken cancellationToken)
    {
        if (L1.TryGet(key.Value, out var cached))
        {
            _instruments.OnHit(CacheMetricLayer.L1, _tier);
            return new CacheLookup(cached, CacheLayer.L1, null);
        }

        _instruments.OnMiss(CacheMetricLayer.L1, _tier);
        if (_inFlight.TryGetValue(key.Value, out var running))
        {
            _instruments.OnHit(CacheMetricLayer.Coalesced, _tier);
            return (await running.WaitAsync(cancellationToken)) with { Coalesced = true };
        }

        var task = FillAsync(key, compute);
        if (!task.IsCompleted)
        {
            _inFlight[key.Value] = task;
        }

        return await task.WaitAsync(cancellationToken);
    }

    private async Task<CacheLookup> FillAsync(CacheKey key, Func<Task<ComputedAnswer>> compute)
    {
        try
        {
            if (await _l2.GetAsync(key.Value) is { } fromL2)
            {
                _instruments.OnHit(CacheMetricLayer.L2, _tier);
                Store(key, fromL2, writeL2: false);
                return new CacheLookup(fromL2, CacheLayer.L2, null);
            }

            _instruments.OnMiss(CacheMetricLayer.L2, _tier);
            var computed = await compute();
            var embedding = computed.Embedding;
            var terms = _options.SemanticEnabled && _options.SemanticGuard == SemanticGuardMode.Terms ? SemanticTerms.Of(computed.Text) : null;
            if (_options.SemanticEnabled)
            {
                if (Semantic.TryFind(key.Scope, embedding.Vector, _semanticThreshold, out var similar, out var similarity, terms))
                {
                    _instruments.OnHit(CacheMetricLayer.Semantic, _tier);
                    Store(key, similar, writeL2: false);
                    return new CacheLookup(similar, CacheLayer.Semantic, embedding, similarity);
                }

                _instruments.OnMiss(CacheMetricLayer.Semantic, _tier);
            }

            var answer = CachedAnswerCodec.Measured(await computed.ScoreAsync());
            Store(key, answer, writeL2: true);
            if (_options.SemanticEnabled)
            {
                Semantic.Add(key.Value, key.Scope, embedding.Vector, answer, terms);
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

    /// <summary>Ends this cache's L1 report in <c>cache.bytes</c>.</summary>
    public void Dispose() => _bytesGauge.Dispose();

    private void Store(CacheKey key, CachedAnswer answer, bool writeL2)
    {
        var evicted = L1.Set(key.Value, answer);
        if (evicted > 0)
        {
            _instruments.OnEvicted(_agent, evicted);
        }

        if (writeL2)
        {
            _l2.SetInBackground(key.Value, answer, _ttl);
        }
    }
}
