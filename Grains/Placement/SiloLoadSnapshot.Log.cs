using Microsoft.Extensions.Logging;

namespace OrleansAgents.Placement;

internal sealed partial class SiloLoadSnapshot
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Placement load snapshot refresh failed; the previous snapshot stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
