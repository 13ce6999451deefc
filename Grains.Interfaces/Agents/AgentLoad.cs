namespace OrleansAgents.Agents;

/// <summary>How busy an agent is right now: requests inside it against the concurrency its profile allows.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentLoad")]
public sealed record AgentLoad
{
    /// <summary>The agent's canonical name.</summary>
    [Id(0)] public required string Agent { get; init; }

    /// <summary>Requests being answered or waiting for a slot.</summary>
    [Id(1)] public int InFlight { get; init; }

    /// <summary>The profile's <see cref="AgentProfile.MaxConcurrency"/>.</summary>
    [Id(2)] public int MaxConcurrency { get; init; }

    /// <summary><see cref="InFlight"/> over <see cref="MaxConcurrency"/>, capped at 1 (a queue beyond the slots is still "full").</summary>
    public double Utilization => MaxConcurrency <= 0 ? 1 : Math.Min(1, (double)InFlight / MaxConcurrency);
}
