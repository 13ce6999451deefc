using OrleansAgents.Agents;

namespace OrleansAgents.Client;

/// <summary>Calls the agents of an OrleansAgents cluster.</summary>
public interface IAgentClient
{
    /// <summary>Sends <paramref name="request"/> to the agent named <paramref name="agent"/> (a name or an alias).</summary>
    /// <exception cref="Errors.AgentNotFoundException">No agent has that name or alias.</exception>
    /// <exception cref="Errors.InvalidAgentRequestException">The request is malformed or too large; nothing was sent.</exception>
    /// <exception cref="Errors.AgentTimeoutException">The agent did not answer within the request's timeout.</exception>
    Task<AgentResponse> InvokeAsync(string agent, AgentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="task"/> to the best agent with <paramref name="capability"/> (predicted performance × (1 − load)
    /// × 1.2 for the user's affinity agent) and returns that agent's answer with every candidate's score.
    /// </summary>
    /// <exception cref="Errors.InvalidAgentRequestException">Unknown or malformed capability, a preferred agent without it, or a malformed request.</exception>
    /// <exception cref="Errors.AgentTimeoutException">The chosen agent did not answer within the request's timeout.</exception>
    Task<Routing.TaskResponse> RouteAsync(string capability, Routing.RouteRequest task, CancellationToken cancellationToken = default);

    /// <summary>Drops the cached answer to <paramref name="request"/> from every cache layer of the agent.</summary>
    /// <returns>Whether the agent's in-memory (L1) cache held it.</returns>
    Task<bool> InvalidateAsync(string agent, AgentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Drops every cached answer of the agent, in all layers.</summary>
    Task InvalidateAllAsync(string agent, CancellationToken cancellationToken = default);

    /// <summary>Every agent of the catalog.</summary>
    Task<IReadOnlyList<AgentDescriptor>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The agent named <paramref name="agent"/> (a name or an alias).</summary>
    /// <exception cref="Errors.AgentNotFoundException">No agent has that name or alias.</exception>
    Task<AgentDescriptor> GetAsync(string agent, CancellationToken cancellationToken = default);
}
