using System.Security.Claims;

namespace OrleansAgents.Silo.Security;

/// <summary>Claim types the silo reads from an authenticated caller, whichever scheme authenticated it.</summary>
internal static class AgentClaims
{
    /// <summary>Granted scopes: one claim per scope for API keys, one space-separated claim for a JWT.</summary>
    public const string Scope = "scope";

    /// <summary>The configured client (<c>client-{i}</c> or <c>admin-{i}</c>), never the key itself.</summary>
    public const string Client = "client";

    /// <summary>The rate-limit tier (<c>Security:Clients:{i}:Tier</c>, or a JWT's <c>tier</c> claim).</summary>
    public const string Tier = "tier";

    public static bool IsAuthenticated(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    public static bool HasScope(this ClaimsPrincipal user, string scope)
        => user.FindAll(Scope).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
