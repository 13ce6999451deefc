namespace OrleansAgents.Errors;

/// <summary>An agent's persistent state could not be written (the database is unreachable); nothing was changed, retry later.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentStorageUnavailableException")]
public sealed class AgentStorageUnavailableException : AgentException
{
    /// <summary>Creates the exception for <paramref name="agent"/>, whose <paramref name="what"/> (e.g. profile) was not stored.</summary>
    public AgentStorageUnavailableException(string agent, string what, string cause)
        : base(AgentErrorCode.StorageUnavailable, $"Agent '{agent}': its {what} could not be stored ({cause}); nothing was changed, retry later.")
        => Agent = agent;

    /// <summary>The agent whose state was not stored.</summary>
    [Id(0)] public string Agent { get; private set; }
}
