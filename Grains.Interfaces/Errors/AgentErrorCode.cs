namespace OrleansAgents.Errors;

/// <summary>Kinds of request errors; the HTTP API maps each to one status code.</summary>
public enum AgentErrorCode
{
    /// <summary>The request is malformed (400).</summary>
    InvalidRequest = 0,

    /// <summary>No agent has that name or alias (404).</summary>
    UnknownAgent = 1,

    /// <summary>The text is over the size limit (413).</summary>
    PayloadTooLarge = 2,

    /// <summary>The request's deadline passed before it finished (504).</summary>
    Timeout = 3,

    /// <summary>The silo is shedding load; retry later (503).</summary>
    Overloaded = 4,

    /// <summary>The agent's persistent state could not be read or written (database unreachable); retry later. HTTP 503.</summary>
    StorageUnavailable = 5,
}
