using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

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
    /// Name of the connection string (<c>ConnectionStrings:Clustering</c>) holding the Redis membership table. It is not
    /// <c>Orleans:Clustering</c> because Orleans 10 reads that section as its own provider configuration.
    /// </summary>
    public const string ClusteringConnectionName = "Clustering";

    /// <summary>IP address other silos and clients reach this silo on (with Redis clustering). Default: the first non-loopback IPv4 address.</summary>
    public string? AdvertisedIPAddress { get; set; }
}

/// <summary>Checks of <see cref="SiloClusterOptions"/> that attributes cannot express.</summary>
internal sealed class SiloClusterOptionsValidator : IValidateOptions<SiloClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Orleans:SiloPort and Orleans:GatewayPort are both {options.SiloPort}; they must differ.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedIPAddress) && !IPAddress.TryParse(options.AdvertisedIPAddress, out _))
        {
            failures.Add($"Orleans:AdvertisedIPAddress '{options.AdvertisedIPAddress}' is not an IP address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
