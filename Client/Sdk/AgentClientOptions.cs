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
    /// cluster logs it once). Default 12; range 0–50. Backoff is exponential with jitter from <see cref="RetryBaseDelay"/>
    /// up to 4 s per wait, which with the defaults spans about 35 s: longer than Orleans needs to declare a killed silo
    /// dead with default membership settings.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 12;

    /// <summary>First retry delay. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest request text the client sends, in UTF-8 bytes; match the silo's <c>Agents:MaxRequestBytes</c>. Default 64 KiB.</summary>
    public int MaxRequestBytes { get; set; } = AgentRequestValidator.DefaultMaxRequestBytes;
}
