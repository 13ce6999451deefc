namespace OrleansAgents.Errors;

/// <summary>No agent of the catalog has the requested name or alias.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentNotFoundException")]
public sealed class AgentNotFoundException : AgentException
{
    /// <summary>Creates the exception for <paramref name="agent"/>.</summary>
    public AgentNotFoundException(string agent)
        : base(AgentErrorCode.UnknownAgent, $"Unknown agent '{agent}'. GET /api/agents lists the catalog's agents and their aliases.")
        => Agent = agent;

    /// <summary>The name that matched no agent.</summary>
    [Id(0)] public string Agent { get; private set; }
}
