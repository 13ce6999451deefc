using OrleansAgents.Agents;

namespace OrleansAgents.Silo.Api;

/// <summary>One row of <c>GET /api/agents</c>.</summary>
internal sealed record AgentSummary(string Name, string[] Aliases, AgentTier Tier, string[] Capabilities, bool RequiresGpu, string Description)
{
    public static AgentSummary From(AgentDescriptor agent)
        => new(agent.Name, agent.Aliases, agent.Tier, agent.Capabilities, agent.Profile.RequiresGpu, agent.Description);
}
