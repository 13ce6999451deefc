using Microsoft.Extensions.Logging;

namespace OrleansAgents.Placement;

internal sealed partial class AgentPlacementDirector
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} requires a GPU but no silo advertises an accelerator; placing it load-aware (Placement:GpuFallback = cpu)")]
    private static partial void LogNoAccelerator(ILogger logger, string agent);
}
