namespace OrleansAgents.Placement;

/// <summary>What placement does with an agent that requires a GPU when no silo advertises an accelerator.</summary>
public enum GpuFallbackMode
{
    /// <summary>Place it load-aware among all compatible silos (its inference runs on their devices).</summary>
    Cpu = 0,

    /// <summary>Fail the activation with an <see cref="Errors.AgentPlacementException"/>.</summary>
    Fail = 1,
}
