using Microsoft.Extensions.Logging;

namespace OrleansAgents.Routing;

internal sealed partial class AgentRouterGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Router {Capability} loaded the profile vectors of its {Count} candidates")]
    private static partial void LogProfilesLoaded(ILogger logger, string capability, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Router {Capability}: matching the task's text failed ({Error}); routed without it")]
    private static partial void LogTextMatchFailed(ILogger logger, string capability, string error);
}
