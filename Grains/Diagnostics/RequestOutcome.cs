namespace OrleansAgents.Diagnostics;

/// <summary>How an agent request finished; the <c>outcome</c> tag and the request log's outcome column.</summary>
internal enum RequestOutcome
{
    /// <summary>Answered (<c>ok</c>).</summary>
    Ok,

    /// <summary>Failed with an error (<c>error</c>).</summary>
    Error,

    /// <summary>Its deadline passed (<c>timeout</c>).</summary>
    Timeout,

    /// <summary>Its caller cancelled it (<c>cancelled</c>).</summary>
    Cancelled,
}
