using System.Diagnostics.Metrics;
using OrleansAgents.Agents;

namespace OrleansAgents.Diagnostics;

/// <summary>Cache instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class CacheInstruments
{
    private readonly ObservedSources<long> _l1Bytes = new();
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _l2Bypassed;

    public CacheInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _hits = meter.CreateCounter<long>(
            InstrumentNames.CacheHits, "{request}", "Requests answered from a cache, by layer (l1, l2, semantic, coalesced) and tier");
        _misses = meter.CreateCounter<long>(InstrumentNames.CacheMisses, "{request}", "Requests no cache layer answered, by layer and tier");
        _evictions = meter.CreateCounter<long>(
            InstrumentNames.CacheEvictions, "{entry}", "L1 entries evicted to stay within the agent's byte budget");
        _l2Bypassed = meter.CreateCounter<long>(
            InstrumentNames.CacheL2Bypassed, "{operation}", "L2 operations skipped because Redis failed, was slow or the circuit was open");
        foreach (var operation in Enum.GetValues<L2Operation>())
        {
            foreach (var reason in Enum.GetValues<L2BypassReason>())
            {
                // Exported at 0 from the start, so that rate() and the bypass alert see the series before the first bypass.
                _l2Bypassed.Add(0, new(TagNames.Operation, operation.ToTag()), new(TagNames.Reason, reason.ToTag()));
            }
        }

        meter.CreateObservableGauge(
            InstrumentNames.CacheBytes, () => _l1Bytes.Measure(TagNames.Agent), "By", "Bytes held by each agent's L1 cache");
    }

    /// <summary>Reports <paramref name="bytes"/> as (part of) <paramref name="agent"/>'s L1 bytes until the result is disposed.</summary>
    public IDisposable RegisterL1Bytes(string agent, Func<long> bytes) => _l1Bytes.Add(agent, bytes);

    /// <summary><paramref name="layer"/> answered a request of an agent of <paramref name="tier"/>.</summary>
    public void OnHit(CacheMetricLayer layer, AgentTier tier)
        => _hits.Add(1, new(TagNames.Layer, layer.ToTag()), new(TagNames.Tier, tier.ToTag()));

    /// <summary><paramref name="layer"/> did not answer a request of an agent of <paramref name="tier"/>.</summary>
    public void OnMiss(CacheMetricLayer layer, AgentTier tier)
        => _misses.Add(1, new(TagNames.Layer, layer.ToTag()), new(TagNames.Tier, tier.ToTag()));

    /// <summary><paramref name="count"/> entries were evicted from <paramref name="agent"/>'s L1.</summary>
    public void OnEvicted(string agent, int count) => _evictions.Add(count, new KeyValuePair<string, object?>(TagNames.Agent, agent));

    /// <summary>An L2 <paramref name="operation"/> was skipped for <paramref name="reason"/>.</summary>
    public void OnL2Bypassed(L2Operation operation, L2BypassReason reason)
        => _l2Bypassed.Add(1, new(TagNames.Operation, operation.ToTag()), new(TagNames.Reason, reason.ToTag()));
}
