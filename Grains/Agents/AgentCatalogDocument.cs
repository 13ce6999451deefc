namespace OrleansAgents.Agents;

/// <summary>The JSON shape of a catalog file.</summary>
internal sealed record AgentCatalogDocument(int Version, AgentDescriptor[]? Agents);
