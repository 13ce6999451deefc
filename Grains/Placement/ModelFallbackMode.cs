namespace OrleansAgents.Placement;

/// <summary>What placement does with an agent whose model no silo serves.</summary>
public enum ModelFallbackMode
{
    /// <summary>Place it by load among all compatible silos; the chosen silo loads the model on first use.</summary>
    Load = 0,

    /// <summary>Fail the activation with an <see cref="Errors.AgentPlacementException"/> naming the model and the silos' models.</summary>
    Fail = 1,
}
