namespace OrleansAgents.Errors;

/// <summary>
/// Every kind of error a caller can see: the HTTP API maps each, explicitly, to one status code and title, and every
/// problem-details body carries its name as <c>code</c>.
/// </summary>
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

    /// <summary>No silo of the cluster can host the agent (e.g. it requires a GPU and none advertises one). HTTP 503.</summary>
    Unplaceable = 6,

    /// <summary>The endpoint needs credentials (an API key or a JWT) and none valid came with the request. HTTP 401.</summary>
    Unauthenticated = 7,

    /// <summary>
    /// The request needs a part of the cluster that is not configured; retrying does not help. HTTP 503. (Statistics
    /// without the PostgreSQL request log no longer answer it: the silos' in-memory windows serve them.)
    /// </summary>
    NotConfigured = 8,

    /// <summary>
    /// The silo failed in a way no other code describes (a bug or an unexpected fault); the body says no more than that,
    /// the silo's log has the details. HTTP 500.
    /// </summary>
    Internal = 9,

    /// <summary>
    /// The request id was used lately for a different request (a retry must resend the same request; a new request needs
    /// a new id). HTTP 409.
    /// </summary>
    RequestIdConflict = 10,

    /// <summary>The caller is authenticated but lacks the scope the endpoint requires. HTTP 403.</summary>
    Forbidden = 11,

    /// <summary>
    /// The body names a user or tenant other than the authenticated caller's, and the caller may not act for others
    /// (scope <c>agents.impersonate</c>). HTTP 403.
    /// </summary>
    IdentityMismatch = 12,

    /// <summary>The caller sent more requests than its rate limit allows; retry after the <c>Retry-After</c> seconds. HTTP 429.</summary>
    RateLimited = 13,
}
