namespace OrleansAgents.Diagnostics;

/// <summary>Names of the <c>OrleansAgents</c> meter's instruments.</summary>
public static class InstrumentNames
{
    /// <summary>The meter every instrument belongs to.</summary>
    public const string Meter = "OrleansAgents";

    /// <summary>Finished agent requests, tagged agent, tier and outcome.</summary>
    public const string AgentRequests = "agents.requests";

    /// <summary>End-to-end agent request duration in milliseconds.</summary>
    public const string AgentRequestDuration = "agents.request.duration";

    /// <summary>Requests per model run.</summary>
    public const string InferenceBatchSize = "inference.batch.size";

    /// <summary>Model run duration in milliseconds.</summary>
    public const string InferenceDuration = "inference.duration";

    /// <summary>Time a request waited for its batch, in milliseconds.</summary>
    public const string InferenceQueueWait = "inference.queue.wait";

    /// <summary>Requests not run, tagged reason (queue-full, cancelled).</summary>
    public const string InferenceRejected = "inference.rejected";
}
