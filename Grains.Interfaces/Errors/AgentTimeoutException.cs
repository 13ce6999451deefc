namespace OrleansAgents.Errors;

/// <summary>The request's deadline passed before an answer was ready.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentTimeoutException")]
public sealed class AgentTimeoutException : AgentException
{
    /// <summary>Creates the exception.</summary>
    public AgentTimeoutException(string agent, TimeSpan timeout)
        : base(AgentErrorCode.Timeout, $"Agent '{agent}' did not answer within {timeout.TotalMilliseconds:0} ms.")
        => Timeout = timeout;

    /// <summary>The timeout that elapsed.</summary>
    [Id(0)] public TimeSpan Timeout { get; private set; }
}
