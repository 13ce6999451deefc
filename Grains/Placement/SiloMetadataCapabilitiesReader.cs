using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansAgents.Placement;

/// <summary>
/// Capabilities from Orleans silo metadata (<see cref="ISiloMetadataCache"/>, filled once per silo as it joins). The
/// local silo's own capabilities are known before its metadata round-trips, so they are used for it directly.
/// </summary>
internal sealed class SiloMetadataCapabilitiesReader(
    IServiceProvider services,
    ILocalSiloDetails local,
    SiloCapabilities own) : ISiloCapabilitiesReader
{
    private readonly ISiloMetadataCache? _cache = services.GetService<ISiloMetadataCache>();

    public SiloCapabilities Get(SiloAddress silo)
    {
        if (silo.Equals(local.SiloAddress))
        {
            return own;
        }

        return _cache is null ? SiloCapabilities.None : SiloCapabilities.FromMetadata(_cache.GetSiloMetadata(silo).Metadata);
    }
}
