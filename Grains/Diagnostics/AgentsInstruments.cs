using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansAgents.Inference;

namespace OrleansAgents.Diagnostics;

/// <summary>The process-wide <c>OrleansAgents</c> meter and its instruments.</summary>
internal static class AgentsInstruments
{
    internal static readonly Meter Meter = new(InstrumentNames.Meter, "1.0.0");

    internal static readonly Counter<long> AgentRequests =
        Meter.CreateCounter<long>(InstrumentNames.AgentRequests, "{request}", "Finished agent requests");

    internal static readonly Histogram<double> AgentRequestDuration =
        Meter.CreateHistogram<double>(InstrumentNames.AgentRequestDuration, "ms", "End-to-end agent request duration");

    internal static readonly Histogram<int> InferenceBatchSize =
        Meter.CreateHistogram<int>(InstrumentNames.InferenceBatchSize, "{request}", "Requests per model run");

    internal static readonly Histogram<double> InferenceDuration =
        Meter.CreateHistogram<double>(InstrumentNames.InferenceDuration, "ms", "Model run duration");

    internal static readonly Histogram<double> InferenceQueueWait =
        Meter.CreateHistogram<double>(InstrumentNames.InferenceQueueWait, "ms", "Time a request waited for its batch");

    internal static readonly Histogram<double> InferencePaddingRatio =
        Meter.CreateHistogram<double>(InstrumentNames.InferencePaddingRatio, "1", "Share of a batch's padded input that was padding");

    private static readonly ConcurrentDictionary<InferenceBatcher, byte> Queues = new();

    internal static readonly ObservableGauge<int> InferenceQueueDepth = Meter.CreateObservableGauge(
        InstrumentNames.InferenceQueueDepth,
        () => Queues.Keys.Select(q => new Measurement<int>(q.QueueDepth, new KeyValuePair<string, object?>("device", q.Device))),
        "{request}",
        "Requests waiting for a batch");

    internal static readonly Counter<long> InferenceRejected =
        Meter.CreateCounter<long>(InstrumentNames.InferenceRejected, "{request}", "Requests that were not run");

    internal static readonly Counter<long> PlacementDecisions =
        Meter.CreateCounter<long>(InstrumentNames.PlacementDecisions, "{decision}", "Agent placement decisions");

    internal static void TrackQueue(InferenceBatcher batcher) => Queues.TryAdd(batcher, 0);

    internal static void UntrackQueue(InferenceBatcher batcher) => Queues.TryRemove(batcher, out _);
}
