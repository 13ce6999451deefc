using Orleans.Placement;

namespace OrleansAgents.Placement;

/// <summary>Places a grain keyed by agent name with the <see cref="AgentPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class AgentPlacementAttribute() : PlacementAttribute(AgentPlacementStrategy.Singleton);
