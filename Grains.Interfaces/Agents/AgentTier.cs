namespace OrleansAgents.Agents;

/// <summary>Resource class of an agent: heavy agents want a GPU, light ones run cheaply anywhere.</summary>
public enum AgentTier
{
    /// <summary>Tier 3: fast, cheap, high cache hit ratio.</summary>
    Light = 0,

    /// <summary>Tier 2.</summary>
    Medium = 1,

    /// <summary>Tier 1: large-model agents that need an accelerator.</summary>
    Heavy = 2,
}
