namespace OrleansAgents.RequestLog;

/// <summary>Answers an agent's figures over a window: <see cref="RequestLogStats"/> with PostgreSQL, else <see cref="MemoryRequestStats"/>.</summary>
internal interface IAgentStatsSource
{
    Task<AgentStats> GetAsync(string agent, TimeSpan window, CancellationToken cancellationToken);
}
