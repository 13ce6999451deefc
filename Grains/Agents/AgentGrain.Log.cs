using Microsoft.Extensions.Logging;

namespace OrleansAgents.Agents;

internal sealed partial class AgentGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {Agent} embedded its {Count} labels")]
    private static partial void LogLabelsEmbedded(ILogger logger, string agent, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Agent} cache invalidated (generation {Generation})")]
    private static partial void LogInvalidated(ILogger logger, string agent, long generation);
}
