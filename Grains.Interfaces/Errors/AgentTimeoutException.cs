namespace OrleansAgents.Errors;

/// <summary>The request's deadline passed before an answer was ready: in the agent, or while it waited for inference.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentTimeoutException")]
public sealed class AgentTimeoutException : AgentException
{
    /// <summary>Creates the exception for <paramref name="agent"/>, which did not answer within <paramref name="timeout"/>.</summary>
    public AgentTimeoutException(string agent, TimeSpan timeout)
        : this(timeout, $"Agent '{agent}' did not answer within {timeout.TotalMilliseconds:0} ms.")
    {
    }

    private AgentTimeoutException(TimeSpan timeout, string message) : base(AgentErrorCode.Timeout, message) => Timeout = timeout;

    /// <summary>The time that elapsed before the deadline passed.</summary>
    [Id(0)] public TimeSpan Timeout { get; private set; }

    /// <summary>The request's deadline passed after it <paramref name="waited"/> in the inference queue of <paramref name="device"/>.</summary>
    public static AgentTimeoutException InQueue(string device, TimeSpan waited) => new(
        waited,
        $"The inference request passed its deadline after waiting {waited.TotalMilliseconds:0} ms in the queue of device '{device}'; it was not run.");
}
