namespace OrleansAgents.Client.Cli.Load;

/// <summary>One request the load generator sends.</summary>
internal sealed record LoadRequest(string Agent, string Text, string UserId, bool Private, bool CacheEnabled);
