namespace OrleansAgents.Agents;

/// <summary>What an agent persists across activations and silos.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentState")]
public sealed class AgentState
{
    /// <summary>Part of every cache key; bumping it invalidates all cached answers of the agent, L2 included.</summary>
    [Id(0)] public long CacheGeneration { get; set; }

    /// <summary>Profile changes made through the API, applied over the catalog's profile.</summary>
    [Id(1)] public ProfileUpdate? ProfileOverride { get; set; }

    /// <summary>Requests finished over the agent's lifetime.</summary>
    [Id(2)] public long Requests { get; set; }

    /// <summary>Requests that ended in an error or timeout.</summary>
    [Id(3)] public long Errors { get; set; }

    /// <summary>Requests answered from a cache.</summary>
    [Id(4)] public long CacheHits { get; set; }
}
