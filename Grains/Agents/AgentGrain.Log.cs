using Microsoft.Extensions.Logging;

namespace OrleansAgents.Agents;

internal sealed partial class AgentGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {Agent} embedded its {Count} labels")]
    private static partial void LogLabelsEmbedded(ILogger logger, string agent, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} cache invalidated (generation {Generation})")]
    private static partial void LogInvalidated(ILogger logger, string agent, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: writing lifetime counters failed ({Error}); kept in memory for the next write")]
    private static partial void LogCounterWriteFailed(ILogger logger, string agent, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent}: storing its {What} failed: {Error}")]
    private static partial void LogStateWriteFailed(ILogger logger, string agent, string what, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {Agent} arrived with {Held} of the {Carried} L1 entries it carried")]
    private static partial void LogL1Restored(ILogger logger, string agent, int held, int carried);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent}: the L1 it carried could not be read ({Error}); starting cold")]
    private static partial void LogL1NotRestored(ILogger logger, string agent, string error);
}
