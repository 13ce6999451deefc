namespace OrleansAgents.Silo.Security;

/// <summary>One API client (<c>Security:Clients:{i}</c>): its key, whom it speaks for, what it may do.</summary>
public sealed class ApiClientOptions
{
    /// <summary>The secret key, sent as <c>X-Api-Key</c>, <c>Authorization: ApiKey KEY</c> or <c>Authorization: Bearer KEY</c>. Required; supply it from a secret store or environment, never in code.</summary>
    public string? Key { get; set; }

    /// <summary>The tenant every request of this client belongs to. Required.</summary>
    public string? Tenant { get; set; }

    /// <summary>The user this client speaks for. Optional: a client without one acts for its tenant only and may name no user unless it holds <c>agents.impersonate</c>.</summary>
    public string? UserId { get; set; }

    /// <summary>Granted scopes (see <see cref="AgentScopes"/>). Default: none.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Rate-limit tier, a key of <c>RateLimiting:Tiers</c>. Default: none (the default permits apply).</summary>
    public string? Tier { get; set; }
}
