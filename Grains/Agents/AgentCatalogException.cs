namespace OrleansAgents.Agents;

/// <summary>The agent catalog is invalid; the message lists every bad entry.</summary>
public sealed class AgentCatalogException(string message) : Exception(message);
