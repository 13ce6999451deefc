using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Placement;

/// <summary>
/// Publishes its silo's inference queue depth (all devices, plus <see cref="PlacementOptions.SimulatedQueueDepth"/>) and
/// its agents' requests in flight and activations, and the models it serves now (placement's authority on them).
/// Callers place it with a placement hint; an activation that landed elsewhere says so and goes away.
/// </summary>
[Reentrant, RandomPlacement]
internal sealed class SiloLoadGrain(InferenceDevices devices, AgentsInFlight agents, LocalAgents local, IOptionsMonitor<PlacementOptions> options) : Grain, ISiloLoadGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(this.GetPrimaryKeyString(), GrainContext.Address.SiloAddress!.ToParsableString(), StringComparison.Ordinal))
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<SiloLocalLoad> GetLocalLoadAsync()
    {
        var depth = devices.IsReady ? devices.QueueDepth : 0;
        return Task.FromResult(new SiloLocalLoad(
            GrainContext.Address.SiloAddress!, depth + options.CurrentValue.SimulatedQueueDepth, agents.Snapshot(), local.Count)
        {
            Models = devices.IsReady ? [.. devices.Models] : null,
        });
    }
}
