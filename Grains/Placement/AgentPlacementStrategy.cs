namespace OrleansAgents.Placement;

/// <summary>
/// The agents' placement: accelerator affinity for agents whose profile requires a GPU, load-aware for the others
/// (<see cref="AgentPlacementDirector"/>).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("OrleansAgents.AgentPlacementStrategy")]
internal sealed class AgentPlacementStrategy : PlacementStrategy
{
    internal static AgentPlacementStrategy Singleton { get; } = new();
}
