using OrleansAgents.Agents;

namespace OrleansAgents.Routing;

/// <summary>
/// Routes tasks of one capability (the grain key, lower case) to the best agent that has it: predicted performance
/// (live EWMAs of latency and success) × (1 − the agent's current load) × 1.2 for the user's affinity agent × how well the
/// task's text matches the agent's profile relative to the best-matching candidate.
/// </summary>
[Alias("OrleansAgents.IAgentRouter")]
public interface IAgentRouter : IGrainWithStringKey
{
    /// <summary>Chooses an agent for <paramref name="task"/>, has it answer, and says why.</summary>
    /// <exception cref="Errors.InvalidAgentRequestException">Unknown capability, a preferred agent without it, or a malformed request.</exception>
    [Alias("RouteAsync")]
    Task<TaskResponse> RouteAsync(RouteRequest task, CancellationToken cancellationToken = default);

    /// <summary>
    /// The candidates' current scores for <paramref name="userId"/>, best first, without routing anything (served by
    /// <c>GET /api/tasks/{capability}/scores</c>).
    /// </summary>
    /// <exception cref="Errors.InvalidAgentRequestException">No agent has the capability.</exception>
    [Alias("GetScoresAsync")]
    Task<RouteScore[]> GetScoresAsync(string? userId);
}
