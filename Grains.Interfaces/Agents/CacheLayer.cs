namespace OrleansAgents.Agents;

/// <summary>Where an answer came from.</summary>
public enum CacheLayer
{
    /// <summary>Computed by inference.</summary>
    None = 0,

    /// <summary>The agent grain's in-memory cache.</summary>
    L1 = 1,

    /// <summary>The distributed (Redis) cache.</summary>
    L2 = 2,

    /// <summary>A cached answer to a near-identical request.</summary>
    Semantic = 3,
}
