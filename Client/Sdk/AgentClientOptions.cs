using OrleansAgents.Agents;

namespace OrleansAgents.Client;

/// <summary>How an <see cref="IAgentClient"/> reaches the cluster.</summary>
public sealed class AgentClientOptions
{
    /// <summary>Cluster id of the silos. Default <c>orleans-agents</c>.</summary>
    public string ClusterId { get; set; } = "orleans-agents";

    /// <summary>Service id of the silos. Default <c>orleans-agents</c>.</summary>
    public string ServiceId { get; set; } = "orleans-agents";

    /// <summary>
    /// Redis connection string of the cluster's membership table. When set, gateways are discovered through Redis and
    /// <see cref="Gateways"/> is ignored. Default: none.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Gateway endpoints as <c>host:port</c>. Default: none, which means the local silo's gateway on 127.0.0.1:30000.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>
    /// Retries of a call that failed because a silo or gateway went away (the request keeps its RequestId, so the
    /// cluster logs it once). Default 30; range 0–100. Backoff is exponential with jitter from <see cref="RetryBaseDelay"/>
    /// up to <see cref="RetryMaxDelay"/> per wait, which with the defaults spans about 28 s: longer than Orleans needs to
    /// declare a killed silo dead with default membership settings, while a recovered cluster is noticed within 1 s.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 30;

    /// <summary>First retry delay. Default 200 ms; range 1 ms–10 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two retries. Default 1 s; range 1 ms–1 min, at least <see cref="RetryBaseDelay"/>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest request text the client sends, in UTF-8 bytes; match the silo's <c>Agents:MaxRequestBytes</c>. Default 64 KiB.</summary>
    public int MaxRequestBytes { get; set; } = AgentRequestValidator.DefaultMaxRequestBytes;
}
