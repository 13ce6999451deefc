namespace OrleansAgents.Diagnostics;

/// <summary>Names of the <c>OrleansAgents</c> activity source's spans and their tags.</summary>
public static class TraceNames
{
    /// <summary>The activity source every span of ours belongs to (the meter's name: <see cref="InstrumentNames.Meter"/>).</summary>
    public const string ActivitySource = InstrumentNames.Meter;

    /// <summary>The activity source's version.</summary>
    public const string ActivitySourceVersion = "1.0.0";

    /// <summary>Orleans' spans of grain calls to application grains (with <c>AddActivityPropagation</c>).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>Orleans' spans of calls to its own system grains and targets.</summary>
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>One agent request, from the agent grain's view: tagged agent, tier, cache layer and outcome.</summary>
    public const string AgentInvoke = "agent.invoke";

    /// <summary>The time one request waited in the inference queue for its batch: tagged device.</summary>
    public const string InferenceQueue = "inference.queue";

    /// <summary>One model run: tagged device and batch size; linked to the span of every request it served.</summary>
    public const string InferenceBatch = "inference.batch";

    /// <summary>Tag: the agent's canonical name.</summary>
    public const string AgentTag = "agent";

    /// <summary>Tag: the agent's tier (light, medium, heavy).</summary>
    public const string TierTag = "tier";

    /// <summary>Tag: the request's outcome (ok, error, timeout, cancelled).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag: the layer that answered (none when computed, l1, l2, semantic); absent when no answer came.</summary>
    public const string CacheLayerTag = "cache.layer";

    /// <summary>Tag: <see langword="true"/> when the request shared another request's computation.</summary>
    public const string CacheCoalescedTag = "cache.coalesced";

    /// <summary>Tag: the inference device (cpu, gpu0, …).</summary>
    public const string DeviceTag = "device";

    /// <summary>Tag: the requests one model run served.</summary>
    public const string BatchSizeTag = "batch.size";

    /// <summary>Tag: why a queued request never ran (deadline, cancelled).</summary>
    public const string RejectionTag = "rejected";
}
