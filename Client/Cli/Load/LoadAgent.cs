using OrleansAgents.Agents;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>A catalog agent as the workload sees it: its name and tier.</summary>
internal sealed record LoadAgent(string Name, AgentTier Tier);
