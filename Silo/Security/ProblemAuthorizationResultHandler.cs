using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OrleansAgents.Errors;
using OrleansAgents.Silo.Api;

namespace OrleansAgents.Silo.Security;

/// <summary>Writes 401 and 403 as problem bodies with their <c>code</c>, like every other error of the API.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
            await AgentProblems.Result(
                AgentErrorCode.Unauthenticated,
                "This endpoint needs an API key or a token: send 'X-Api-Key: <key>', 'Authorization: ApiKey <key>' or 'Authorization: Bearer <key or JWT>'; "
                + "credentials sent, if any, were not accepted.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var scopes = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().Select(r => r.Scope) ?? [];
            await AgentProblems.Result(AgentErrorCode.Forbidden, $"This endpoint needs scope {string.Join(", ", scopes)}, which the caller does not hold.")
                .ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
