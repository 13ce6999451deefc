namespace OrleansAgents.Agents;

/// <summary>What an agent persists across activations.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentState")]
public sealed class AgentState
{
    /// <summary>Part of every cache key; bumping it invalidates all cached answers of the agent, L2 included.</summary>
    [Id(0)] public long CacheGeneration { get; set; }
}
