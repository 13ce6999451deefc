using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Security;

/// <summary>The caller must hold <see cref="Scope"/>: one policy per scope, named after it.</summary>
internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>
/// Grants a <see cref="ScopeRequirement"/> to a caller holding the scope, and to everyone when authentication is off,
/// except the admin scope while admin keys (<c>Security:ApiKeys</c>) are configured (the behaviour before clients existed).
/// </summary>
internal sealed class ScopeAuthorizationHandler(IOptionsMonitor<SecurityOptions> options) : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var security = options.CurrentValue;
        var open = security.RequireAuthentication != true && !(requirement.Scope == AgentScopes.Admin && security.ApiKeys.Count > 0);
        if (open || (context.User.IsAuthenticated() && context.User.HasScope(requirement.Scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
