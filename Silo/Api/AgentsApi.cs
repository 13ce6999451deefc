using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.RequestLog;
using OrleansAgents.Silo.Security;

namespace OrleansAgents.Silo.Api;

/// <summary>The HTTP API for non-.NET callers: list, describe and invoke agents.</summary>
internal static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder endpoints)
    {
        var agents = endpoints.MapGroup("/api/agents").RequireRateLimiting(CallerRateLimits.PolicyName);
        // The catalog and an agent's description (with its counters) are what an invoking caller needs to call it.
        agents.MapGet("/", (IAgentCatalog catalog) => catalog.Agents.Select(AgentSummary.From)).RequireAuthorization(AgentScopes.Invoke);
        agents.MapGet("/{name}", DescribeAsync).RequireAuthorization(AgentScopes.Invoke);
        agents.MapPost("/{name}/invoke", InvokeAsync).RequireAuthorization(AgentScopes.Invoke);
        agents.MapDelete("/{name}/cache", InvalidateAsync).RequireAuthorization(AgentScopes.Admin);
        agents.MapGet("/{name}/stats", StatsAsync).RequireAuthorization(AgentScopes.OpsRead);
        agents.MapPut("/{name}/profile", UpdateProfileAsync).RequireAuthorization(AgentScopes.Admin);
        return endpoints;
    }

    private static async Task<AgentDetails> DescribeAsync(string name, IAgentCatalog catalog, IGrainFactory grains)
    {
        var agent = Resolve(catalog, name);
        var grain = grains.GetGrain<IAgentGrain>(agent.Name);
        var activation = grain.GetActivationAsync();
        var counters = grain.GetCountersAsync();
        return AgentDetails.From(agent, await activation, await counters);
    }

    private static async Task<AgentResponse> InvokeAsync(
        string name,
        HttpRequest http,
        IAgentCatalog catalog,
        IGrainFactory grains,
        IOptions<AgentCatalogOptions> options,
        IOptions<JsonOptions> json,
        CallerIdentity identity,
        CancellationToken cancellationToken)
    {
        var agent = Resolve(catalog, name);
        var body = await InvokeBodyReader.ReadAsync(http, options.Value.MaxRequestBytes, json.Value.SerializerOptions, cancellationToken);
        var request = identity.Bind(http.HttpContext, body.ToRequest());
        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        return await grains.GetGrain<IAgentGrain>(agent.Name).InvokeAsync(request, cancellationToken);
    }

    private static async Task<IResult> InvalidateAsync(string name, IAgentCatalog catalog, IGrainFactory grains)
    {
        var agent = Resolve(catalog, name);
        await grains.GetGrain<IAgentGrain>(agent.Name).InvalidateAllAsync();
        return Results.NoContent();
    }

    private static async Task<AgentDescriptor> UpdateProfileAsync(string name, HttpRequest http, IAgentCatalog catalog, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var agent = Resolve(catalog, name);
        var update = await InvokeBodyReader.ReadJsonAsync<ProfileUpdate>(http, 16 * 1024, json.Value.SerializerOptions, cancellationToken);
        return await grains.GetGrain<IAgentGrain>(agent.Name).UpdateProfileAsync(update);
    }

    private static async Task<AgentStats> StatsAsync(string name, string? window, IAgentCatalog catalog, IAgentStatsSource stats, CancellationToken cancellationToken)
    {
        var agent = Resolve(catalog, name);
        if (!RequestLogStats.TryParseWindow(window ?? "1h", out var span))
        {
            throw new InvalidAgentRequestException("window", $"window must look like 15m, 1h or 7d, at most {RequestLogStats.MaxWindow.TotalDays:0} days; got '{window}'.");
        }

        // The PostgreSQL request log when configured, else the silos' in-memory rolling windows; the answer names its source.
        return await stats.GetAsync(agent.Name, span, cancellationToken);
    }

    private static AgentDescriptor Resolve(IAgentCatalog catalog, string name)
        => catalog.TryResolve(name, out var agent) ? agent : throw new AgentNotFoundException(name);
}
