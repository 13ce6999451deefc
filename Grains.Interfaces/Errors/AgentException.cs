namespace OrleansAgents.Errors;

/// <summary>Base of every error OrleansAgents reports about a request; <see cref="Code"/> says which kind.</summary>
[GenerateSerializer, Alias("OrleansAgents.AgentException")]
public class AgentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentException(AgentErrorCode code, string message) : base(message) => Code = code;

    /// <summary>Creates the exception with an inner cause.</summary>
    public AgentException(AgentErrorCode code, string message, Exception? innerException) : base(message, innerException) => Code = code;

    /// <summary>The kind of error.</summary>
    [Id(0)] public AgentErrorCode Code { get; private set; }
}
