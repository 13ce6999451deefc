using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Routing;
using OrleansAgents.Silo.Security;

namespace OrleansAgents.Silo.Api;

/// <summary>
/// <c>POST /api/tasks</c>: a task names a capability; the router picks the agent and says why.
/// <c>GET /api/tasks/{capability}/scores</c>: the router's current scores, for operators, without routing anything.
/// </summary>
internal static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/tasks", RouteAsync).RequireAuthorization(AgentScopes.Invoke).RequireRateLimiting(CallerRateLimits.PolicyName);
        endpoints.MapGet("/api/tasks/{capability}/scores", ScoresAsync).RequireAuthorization(AgentScopes.OpsRead).RequireRateLimiting(CallerRateLimits.PolicyName);
        return endpoints;
    }

    // Reading the scoreboard changes nothing (no EWMA, load or affinity moves), unlike sending a task to see them.
    private static async Task<Ok<RouteScore[]>> ScoresAsync(string capability, string? userId, IGrainFactory grains)
        => TypedResults.Ok(await grains.GetGrain<IAgentRouter>(Capabilities.Normalize(capability)).GetScoresAsync(userId));

    private static async Task<TaskResponse> RouteAsync(
        HttpRequest http,
        IGrainFactory grains,
        IOptions<AgentCatalogOptions> options,
        IOptions<JsonOptions> json,
        CallerIdentity identity,
        CancellationToken cancellationToken)
    {
        // One body, two views: the agent request fields (as for invoke) and the routing fields.
        var maxBytes = (options.Value.MaxRequestBytes * 6L) + (16 * 1024);
        var bytes = await InvokeBodyReader.ReadBytesAsync(http, maxBytes, cancellationToken);
        var routing = InvokeBodyReader.Deserialize<TaskRouting>(bytes, json.Value.SerializerOptions);
        var request = identity.Bind(http.HttpContext, InvokeBodyReader.Deserialize<InvokeBody>(bytes, json.Value.SerializerOptions).ToRequest());
        var capability = Capabilities.Normalize(routing.Capability);
        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        var task = new RouteRequest { Request = request, PreferredAgent = routing.PreferredAgent };
        return await grains.GetGrain<IAgentRouter>(capability).RouteAsync(task, cancellationToken);
    }

    /// <summary>The routing fields of a task body; the rest is an invoke body.</summary>
    private sealed record TaskRouting(string? Capability, string? PreferredAgent);
}
