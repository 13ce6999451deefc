using OrleansAgents.Agents;

namespace OrleansAgents.Silo.Api;

/// <summary>
/// <c>GET /api/agents/{name}</c>: the catalog entry, the silo the agent's activation lives on and its lifetime counters.
/// </summary>
internal sealed record AgentDetails(
    string Name,
    string[] Aliases,
    string Description,
    AgentTier Tier,
    string ModelClass,
    string[] Capabilities,
    string[] Labels,
    AgentProfile Profile,
    string ActiveOn,
    AgentCounters Counters)
{
    public static AgentDetails From(AgentDescriptor agent, AgentActivation activation, AgentCounters counters) => new(
        agent.Name, agent.Aliases, agent.Description, agent.Tier, agent.ModelClass, agent.Capabilities, agent.Labels, agent.Profile,
        activation.Silo, counters);
}
