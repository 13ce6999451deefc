using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OrleansAgents.Persistence;

namespace OrleansAgents.Silo.Health;

/// <summary>Not ready while the configured PostgreSQL does not answer; healthy when none is configured.</summary>
internal sealed class PostgresHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (PostgresConnection.From(services) is null)
        {
            return HealthCheckResult.Healthy("No PostgreSQL configured.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {ex.Message}");
        }
    }
}
