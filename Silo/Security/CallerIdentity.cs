using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Security;

/// <summary>
/// Binds a request to its authenticated caller: the tenant and user that scope private answers, the cache key, the
/// request log and affinity are the principal's, never merely asserted by the body. Unauthenticated (development)
/// requests keep the body's identity.
/// </summary>
internal sealed partial class CallerIdentity(IOptionsMonitor<SecurityOptions> options, ILogger<CallerIdentity> logger)
{
    /// <summary>The authenticated caller's tenant; <see langword="null"/> (anonymous) when unauthenticated.</summary>
    public string? TenantOf(HttpContext http)
        => http.User.IsAuthenticated() ? http.User.FindFirst(options.CurrentValue.Jwt.TenantClaim)?.Value : null;

    public AgentRequest Bind(HttpContext http, AgentRequest request)
    {
        var user = http.User;
        if (!user.IsAuthenticated())
        {
            return request;
        }

        var jwt = options.CurrentValue.Jwt;
        var tenant = user.FindFirst(jwt.TenantClaim)?.Value;
        var userId = user.FindFirst(jwt.UserClaim)?.Value;
        var mismatch = (request.Tenant is not null && request.Tenant != tenant) || (request.UserId is not null && request.UserId != userId);
        if (!mismatch)
        {
            return request with { Tenant = tenant, UserId = userId };
        }

        var client = user.FindFirst(AgentClaims.Client)?.Value ?? userId ?? "unknown";
        if (!user.HasScope(AgentScopes.Impersonate))
        {
            throw new AgentException(
                AgentErrorCode.IdentityMismatch,
                "The body names a user or tenant other than the authenticated caller's; omit userId and tenant (they come from the credentials) or use a credential with scope agents.impersonate.");
        }

        var acting = request with { Tenant = request.Tenant ?? tenant, UserId = request.UserId ?? userId };
        Log.Impersonating(logger, client, acting.Tenant, acting.UserId);
        return acting;
    }
}
