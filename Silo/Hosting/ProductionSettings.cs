using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAgents.Caching;
using OrleansAgents.Persistence;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Outside Development the silo is a production cluster member: it needs Redis clustering, PostgreSQL and the Redis L2.
/// Every missing or malformed setting is reported at once, by key, before anything starts.
/// </summary>
internal static class ProductionSettings
{
    public static void Validate(IConfiguration configuration)
    {
        var failures = new List<string>();
        CheckRedis(configuration.GetConnectionString(SiloClusterOptions.ClusteringConnectionName), $"ConnectionStrings:{SiloClusterOptions.ClusteringConnectionName}", failures);
        CheckRedis(configuration.GetConnectionString(CachingOptions.RedisConnectionName), $"ConnectionStrings:{CachingOptions.RedisConnectionName}", failures);
        var postgres = PostgresConnection.From(configuration);
        const string postgresKey = PostgresConnection.Key;
        if (postgres is null)
        {
            failures.Add($"{postgresKey} is required outside Development (grain state and request log).");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(postgres);
                if (string.IsNullOrEmpty(builder.Host))
                {
                    failures.Add($"{postgresKey} names no Host.");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{postgresKey} is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Production", typeof(ProductionSettings), failures);
        }
    }

    private static void CheckRedis(string? value, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} (a Redis connection string) is required outside Development.");
            return;
        }

        try
        {
            if (StackExchange.Redis.ConfigurationOptions.Parse(value).EndPoints.Count == 0)
            {
                failures.Add($"{key} names no Redis endpoint.");
            }
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{key} is not a valid Redis connection string: {ex.Message}");
        }
    }
}
