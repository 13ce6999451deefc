namespace OrleansAgents.Diagnostics;

/// <summary>How a placement decision ended (the <c>outcome</c> tag of <c>placement.decisions</c>).</summary>
internal enum PlacementOutcome
{
    /// <summary>Placed by the strategy (<c>placed</c>).</summary>
    Placed,

    /// <summary>Placed on the compatible silo a placement hint named (<c>hinted</c>).</summary>
    Hinted,

    /// <summary>A GPU agent placed on a CPU silo because none advertises an accelerator (<c>fallback-cpu</c>).</summary>
    FallbackCpu,

    /// <summary>Placed by load on a silo that does not serve the agent's model, which loads it on demand (<c>fallback-load</c>).</summary>
    FallbackLoad,

    /// <summary>No silo could host the agent (<c>failed</c>).</summary>
    Failed,
}
