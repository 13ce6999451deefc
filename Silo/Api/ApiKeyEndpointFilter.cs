using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>Rejects a request with 401 unless it carries one of the configured API keys (when any is configured).</summary>
internal sealed class ApiKeyEndpointFilter(IOptionsMonitor<ApiKeyOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var keys = options.CurrentValue.ApiKeys;
        if (keys.Count == 0 || keys.Any(key => Matches(Presented(context.HttpContext.Request), key)))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return AgentProblems.Result(
            AgentErrorCode.Unauthenticated,
            "This endpoint changes state and needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static bool Matches(string? presented, string key)
        => presented is not null && key.Length > 0
           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
