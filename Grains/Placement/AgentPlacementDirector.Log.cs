using Microsoft.Extensions.Logging;

namespace OrleansAgents.Placement;

internal sealed partial class AgentPlacementDirector
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} requires a GPU but no silo advertises an accelerator; placing it load-aware (Placement:GpuFallback = cpu)")]
    private static partial void LogNoAccelerator(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo serves model {Model} of agent {Agent}; placing it by load, and that silo loads the model on demand (Placement:ModelFallback = load)")]
    private static partial void LogNoModel(ILogger logger, string agent, string model);
}
