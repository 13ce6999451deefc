using System.Collections.Concurrent;

namespace OrleansAgents.Agents;

/// <summary>
/// The agent activations on this silo, which register themselves while they live: the silo's drain migrates them
/// (<see cref="AgentDrain"/>), the rebalancer moves some of them (<see cref="Placement.AgentRebalancer"/>) and the
/// silo publishes their count with its load.
/// </summary>
internal sealed class LocalAgents
{
    private readonly ConcurrentDictionary<GrainId, IGrainContext> _activations = new();

    public int Count => _activations.Count;

    public void Add(IGrainContext activation) => _activations[activation.GrainId] = activation;

    public void Remove(IGrainContext activation) => _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <summary>The activations registered now.</summary>
    public IGrainContext[] Snapshot() => [.. _activations.Values];
}
