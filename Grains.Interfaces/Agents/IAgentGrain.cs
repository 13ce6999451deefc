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

    /// <summary>The agent's catalog entry with its effective profile.</summary>
    [Alias("GetProfileAsync")]
    Task<AgentDescriptor> GetProfileAsync();
}
