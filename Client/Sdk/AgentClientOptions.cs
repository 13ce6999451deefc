using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Security;

namespace OrleansAgents.Client;

/// <summary>
/// How an <see cref="IAgentClient"/> reaches the cluster. Bound from configuration section <see cref="SectionName"/>
/// when registered with configuration, and validated when the host starts.
/// </summary>
public sealed class AgentClientOptions
{
    /// <summary>Configuration section the options bind to: <c>AgentClient</c>.</summary>
    public const string SectionName = "AgentClient";

    /// <summary>Cluster id of the silos. Default <c>orleans-agents</c>; required.</summary>
    [Required]
    public string ClusterId { get; set; } = "orleans-agents";

    /// <summary>Service id of the silos. Default <c>orleans-agents</c>; required.</summary>
    [Required]
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
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 30;

    /// <summary>First retry delay. Default 200 ms; range 1 ms–10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two retries. Default 1 s; range 1 ms–1 min, at least <see cref="RetryBaseDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest request text the client sends, in UTF-8 bytes; match the silo's <c>Agents:MaxRequestBytes</c>.
    /// Default 64 KiB; range 1 KiB–1 MiB (the silo's range).
    /// </summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = AgentRequestValidator.DefaultMaxRequestBytes;

    /// <summary>
    /// Longest the host's start waits for a gateway to accept the connection before failing with
    /// <c>Orleans.Runtime.Messaging.ConnectionFailedException</c> (no gateway up, or a gateway refusing this client's
    /// TLS certificate). Default 30 s; range 1 s–10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Mutual TLS to the gateways (section <c>AgentClient:Tls</c>): this client's certificate (PEM files or certificate
    /// store) and the CA the silos' certificates must chain to. Match the silos' <c>Orleans:Tls</c>. Default: off (plaintext).
    /// </summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}

/// <summary>The checks of <see cref="AgentClientOptions"/> that data annotations cannot express.</summary>
internal sealed class AgentClientOptionsValidator : IValidateOptions<AgentClientOptions>
{
    /// <summary>The configuration key prefix named in TLS failures.</summary>
    public const string TlsSectionName = AgentClientOptions.SectionName + ":Tls";

    public ValidateOptionsResult Validate(string? name, AgentClientOptions options)
    {
        var failures = new List<string>();
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"AgentClientOptions.RetryMaxDelay ({options.RetryMaxDelay}) must be at least RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        foreach (var gateway in options.Gateways)
        {
            if (!GatewayEndpoints.IsHostAndPort(gateway))
            {
                failures.Add($"AgentClientOptions.Gateways: '{gateway}' is not host:port.");
            }
        }

        failures.AddRange(ClusterCertificates.Validate(options.Tls, TlsSectionName));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
