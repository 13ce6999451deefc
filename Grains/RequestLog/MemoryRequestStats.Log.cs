using Microsoft.Extensions.Logging;

namespace OrleansAgents.RequestLog;

internal sealed partial class MemoryRequestStats
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the in-memory figures of agent {Agent} on silo {Silo}; they are left out of its stats")]
    private static partial void LogSiloStatsFailed(ILogger logger, Exception exception, SiloAddress silo, string agent);
}
