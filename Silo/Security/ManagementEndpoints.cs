using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace OrleansAgents.Silo.Security;

/// <summary>Maps the dashboard and <c>/metrics</c> so that they answer only on a management port, with scope <c>ops.read</c>.</summary>
internal static class ManagementEndpoints
{
    public static void MapManagementEndpoints(this WebApplication app, ManagementOptions management)
    {
        app.MapPrometheusScrapingEndpoint().WithMetadata(Marker.Instance).RequireAuthorization(AgentScopes.OpsRead);
        if (management.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").WithMetadata(Marker.Instance).RequireAuthorization(AgentScopes.OpsRead);
        }
    }

    /// <summary>Answers 404 for a management endpoint reached on any other port, before authentication says it exists.</summary>
    public static IApplicationBuilder UseManagementPortGuard(this IApplicationBuilder app)
        => app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null
                && !http.RequestServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports.Contains(http.Connection.LocalPort))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(http);
        });

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
