using System.Diagnostics.Metrics;

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

    internal static readonly Counter<long> InferenceRejected =
        Meter.CreateCounter<long>(InstrumentNames.InferenceRejected, "{request}", "Requests that were not run");
}
