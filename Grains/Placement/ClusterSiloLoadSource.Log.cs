using Microsoft.Extensions.Logging;

namespace OrleansAgents.Placement;

internal sealed partial class ClusterSiloLoadSource
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the load of silo {Silo}; it is left out of this refresh")]
    private static partial void LogSiloLoadFailed(ILogger logger, Exception exception, SiloAddress silo);
}
