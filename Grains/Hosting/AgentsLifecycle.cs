using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Hosting;

/// <summary>
/// Validates the catalog and loads every device's model while the silo starts, so a bad catalog or model stops the
/// silo with a clear message instead of failing the first request. It runs before any of Orleans' runtime stages:
/// a silo whose start fails part-way cannot be stopped (Orleans refuses to stop a silo that is not running), so a
/// failure after the runtime services started would leave their loops running in the process; and on the way down
/// the models are released last, after every agent has finished with them.
/// </summary>
internal sealed partial class AgentsLifecycle(IAgentCatalog catalog, InferenceDevices devices, LabelWarmUp warmUp, ILogger<AgentsLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Before the silo's connection listeners open its ports (<c>RuntimeInitialize - 1</c>) and everything after.</summary>
    internal const int Stage = ServiceLifecycleStage.RuntimeInitialize - 100;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(AgentsLifecycle),
        Stage,
        _ =>
        {
            LogCatalogLoaded(logger, catalog.Agents.Count);
            devices.Start();
            warmUp.Start();
            return Task.CompletedTask;
        },
        async _ =>
        {
            await warmUp.StopAsync();
            await devices.DisposeAsync();
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent catalog loaded: {Count} agents")]
    private static partial void LogCatalogLoaded(ILogger logger, int count);
}
