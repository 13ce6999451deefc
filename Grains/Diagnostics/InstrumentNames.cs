namespace OrleansAgents.Diagnostics;

/// <summary>Names of the <c>OrleansAgents</c> meter's instruments.</summary>
public static class InstrumentNames
{
    /// <summary>The meter every instrument belongs to.</summary>
    public const string Meter = "OrleansAgents";

    /// <summary>The meter's version.</summary>
    public const string MeterVersion = "1.0.0";

    /// <summary>Finished agent requests, tagged agent, tier and outcome.</summary>
    public const string AgentRequests = "agents.requests";

    /// <summary>End-to-end agent request duration in seconds (<c>agents_request_duration_seconds</c>), tagged agent, tier and outcome.</summary>
    public const string AgentRequestDuration = "agents.request.duration";

    /// <summary>Agent requests in flight (answering or waiting for a slot), tagged agent and tier.</summary>
    public const string AgentRequestsActive = "agents.requests.active";

    /// <summary>Requests per model run.</summary>
    public const string InferenceBatchSize = "inference.batch.size";

    /// <summary>Requests per model run over <c>Inference:MaxBatchSize</c> (0–1).</summary>
    public const string InferenceBatchFill = "inference.batch.fill.ratio";

    /// <summary>Model run duration in seconds, one per batch (<c>inference_duration_seconds</c>).</summary>
    public const string InferenceDuration = "inference.duration";

    /// <summary>Time a request waited for its batch, in seconds (<c>inference_queue_wait_seconds</c>).</summary>
    public const string InferenceQueueWait = "inference.queue.wait";

    /// <summary>Time a request's batch took to run, in seconds, one per request (<c>inference_compute_duration_seconds</c>).</summary>
    public const string InferenceComputeDuration = "inference.compute.duration";

    /// <summary>Time a device took to load its model at silo start, in seconds (<c>inference_model_load_duration_seconds</c>).</summary>
    public const string InferenceModelLoadDuration = "inference.model.load.duration";

    /// <summary>Working-set growth measured while a model's sessions loaded, in bytes, per model (<c>inference_model_memory_bytes</c>).</summary>
    public const string InferenceModelMemory = "inference.model.memory";

    /// <summary>Requests waiting for a batch, per device.</summary>
    public const string InferenceQueueDepth = "inference.queue.depth";

    /// <summary>Share of a batch's padded input that was padding (0–1).</summary>
    public const string InferencePaddingRatio = "inference.padding.ratio";

    /// <summary>Requests not run, tagged device and reason (queue-full, deadline, cancelled).</summary>
    public const string InferenceRejected = "inference.rejected";

    /// <summary>HTTP requests refused by the per-caller rate limiter, tagged caller (user, client or ip).</summary>
    public const string RateLimitRejected = "ratelimit.rejected";

    /// <summary>Agent placement decisions, tagged strategy, silo and outcome (placed, hinted, fallback-cpu, failed).</summary>
    public const string PlacementDecisions = "placement.decisions";

    /// <summary>Requests answered from a cache, tagged layer (l1, l2, semantic, coalesced) and tier.</summary>
    public const string CacheHits = "cache.hits";

    /// <summary>Lookups no cache answered, tagged layer and tier.</summary>
    public const string CacheMisses = "cache.misses";

    /// <summary>Bytes held by each agent's L1 cache, tagged agent.</summary>
    public const string CacheBytes = "cache.bytes";

    /// <summary>L1 entries evicted for room, tagged agent.</summary>
    public const string CacheEvictions = "cache.evictions";

    /// <summary>L2 operations skipped because Redis failed or was slow, tagged operation and reason.</summary>
    public const string CacheL2Bypassed = "cache.l2.bypassed";

    /// <summary>Request-log rows written to PostgreSQL.</summary>
    public const string RequestLogRowsWritten = "requestlog.rows.written";

    /// <summary>Request-log rows dropped because the bounded buffer was full.</summary>
    public const string RequestLogRowsDropped = "requestlog.rows.dropped";

    /// <summary>Failed attempts to write a request-log batch.</summary>
    public const string RequestLogFlushFailures = "requestlog.flush.failures";

    /// <summary>Request-log rows waiting to be written.</summary>
    public const string RequestLogBuffered = "requestlog.buffered";

    /// <summary>Responses that stopped waiting for their request-log row's commit (the row stays buffered).</summary>
    public const string RequestLogAckTimeouts = "requestlog.ack.timeouts";

    /// <summary>Tasks routed by capability to an agent, tagged capability and agent.</summary>
    public const string RouterChoices = "router.choices";
}
