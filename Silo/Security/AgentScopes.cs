namespace OrleansAgents.Silo.Security;

/// <summary>The scopes the HTTP API authorizes by (claim <see cref="AgentClaims.Scope"/>); each is also the name of its policy.</summary>
public static class AgentScopes
{
    /// <summary>Invoke agents, route tasks, read the catalog.</summary>
    public const string Invoke = "agents.invoke";

    /// <summary>Change agent profiles and invalidate caches.</summary>
    public const string Admin = "agents.admin";

    /// <summary>Operational reads: request statistics, router scores, metrics and the dashboard.</summary>
    public const string OpsRead = "ops.read";

    /// <summary>Act for other users and tenants (a trusted backend): a body's identity is used instead of the caller's, and logged.</summary>
    public const string Impersonate = "agents.impersonate";

    /// <summary>Every scope; what an admin key (<c>Security:ApiKeys</c>) holds.</summary>
    public static IReadOnlyList<string> All { get; } = [Invoke, Admin, OpsRead, Impersonate];
}
