using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OrleansAgents.Silo.Health;

/// <summary>Maps the liveness and readiness probes.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness runs no check: a process that can answer HTTP is alive.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadinessHealthCheck.Tag) });
        return endpoints;
    }
}
