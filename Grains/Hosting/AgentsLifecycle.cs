using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Hosting;

/// <summary>
/// Validates the catalog and loads every device's model while the silo starts, so a bad catalog or model stops the
/// silo with a clear message instead of failing the first request.
/// </summary>
internal sealed partial class AgentsLifecycle(IAgentCatalog catalog, InferenceDevices devices, ILogger<AgentsLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(AgentsLifecycle),
        ServiceLifecycleStage.ApplicationServices,
        _ =>
        {
            LogCatalogLoaded(logger, catalog.Agents.Count);
            devices.Start();
            return Task.CompletedTask;
        },
        async _ => await devices.DisposeAsync());

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent catalog loaded: {Count} agents")]
    private static partial void LogCatalogLoaded(ILogger logger, int count);
}
