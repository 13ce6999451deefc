namespace OrleansAgents.Errors;

/// <summary>A request field is missing or out of range.</summary>
[GenerateSerializer, Alias("OrleansAgents.InvalidAgentRequestException")]
public sealed class InvalidAgentRequestException : AgentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public InvalidAgentRequestException(string field, string message, AgentErrorCode code = AgentErrorCode.InvalidRequest)
        : base(code, message) => Field = field;

    /// <summary>The offending field, in the HTTP API's camelCase spelling.</summary>
    [Id(0)] public string Field { get; private set; }
}
