using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansAgents.Caching;

namespace OrleansAgents.Diagnostics;

/// <summary>Cache instruments of the <c>OrleansAgents</c> meter.</summary>
internal static class CacheInstruments
{
    private static readonly ConcurrentDictionary<string, L1Cache> L1Caches = new(StringComparer.Ordinal);

    internal static readonly Counter<long> Hits = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.CacheHits, "{request}", "Requests answered from a cache, by layer (l1, l2, semantic, coalesced) and tier");

    internal static readonly Counter<long> Misses = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.CacheMisses, "{request}", "Requests no cache layer answered, by layer and tier");

    internal static readonly Counter<long> Evictions = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.CacheEvictions, "{entry}", "L1 entries evicted to stay within the agent's byte budget");

    internal static readonly Counter<long> L2Bypassed = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.CacheL2Bypassed, "{operation}", "L2 operations skipped because Redis failed, was slow or the circuit was open");

    internal static readonly ObservableGauge<long> Bytes = AgentsInstruments.Meter.CreateObservableGauge(
        InstrumentNames.CacheBytes,
        () => L1Caches.Select(pair => new Measurement<long>(pair.Value.Bytes, new KeyValuePair<string, object?>("agent", pair.Key))),
        "By",
        "Bytes held by each agent's L1 cache");

    internal static void TrackL1(string agent, L1Cache cache) => L1Caches[agent] = cache;

    internal static void UntrackL1(string agent, L1Cache cache) => L1Caches.TryRemove(new KeyValuePair<string, L1Cache>(agent, cache));
}
