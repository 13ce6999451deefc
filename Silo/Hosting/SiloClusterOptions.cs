using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.Silo.Hosting;

/// <summary>How the silo joins its cluster (configuration section <c>Orleans</c>).</summary>
public sealed class SiloClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Orleans";

    /// <summary>Cluster id; silos and clients of one cluster share it. Default <c>orleans-agents</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "orleans-agents";

    /// <summary>Service id; stable across deployments (keys persisted state). Default <c>orleans-agents</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "orleans-agents";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Redis connection string for cluster membership. Default: none, which selects the embedded single-host default
    /// (localhost clustering, in-memory grain storage).
    /// </summary>
    public string? Clustering { get; set; }

    /// <summary>IP address other silos and clients reach this silo on (with Redis clustering). Default: the first non-loopback IPv4 address.</summary>
    public string? AdvertisedIPAddress { get; set; }
}
