namespace OrleansAgents.Agents;

/// <summary>One agent of the catalog, keyed by its canonical name (an alias is forwarded to the canonical grain).</summary>
[Alias("OrleansAgents.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Scores <paramref name="request"/> against the agent's labels.</summary>
    /// <exception cref="Errors.AgentNotFoundException">The grain key names no agent.</exception>
    /// <exception cref="Errors.InvalidAgentRequestException">The request is malformed or too large.</exception>
    [Alias("InvokeAsync")]
    Task<AgentResponse> InvokeAsync(AgentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Drops every cached answer of this agent, in all layers (L1, semantic, L2).</summary>
    [Alias("InvalidateAllAsync")]
    Task InvalidateAllAsync();

    /// <summary>Drops the cached answer to <paramref name="request"/> (same key rules as a lookup), in all layers.</summary>
    /// <returns>Whether an answer was cached in this agent's L1 for that key.</returns>
    [Alias("InvalidateAsync")]
    Task<bool> InvalidateAsync(AgentRequest request);

    /// <summary>Changes the agent's profile within validated ranges; persisted, and the agent's L1 starts afresh.</summary>
    /// <exception cref="Errors.InvalidAgentRequestException">A value is out of range.</exception>
    [Alias("UpdateProfileAsync")]
    Task<AgentDescriptor> UpdateProfileAsync(ProfileUpdate update);

    /// <summary>The agent's lifetime counters (shown by <c>GET /api/agents/{name}</c>).</summary>
    [Alias("GetCountersAsync")]
    Task<AgentCounters> GetCountersAsync();

    /// <summary>The agent's catalog entry with its effective profile.</summary>
    [Alias("GetProfileAsync")]
    Task<AgentDescriptor> GetProfileAsync();

    /// <summary>The silo hosting the agent's (canonical) activation; activates it when it is not active.</summary>
    [Alias("GetActivationAsync")]
    Task<AgentActivation> GetActivationAsync();
}
