using Npgsql;

namespace OrleansAgents.Persistence;

/// <summary>Explicit pool settings for this project's PostgreSQL connections (grain storage and the request log each have a pool).</summary>
public static class NpgsqlPools
{
    /// <summary>
    /// <paramref name="connectionString"/> with <c>Maximum Pool Size</c> = <paramref name="maxPoolSize"/> and a 5 s
    /// connect timeout, each only where the connection string does not say otherwise.
    /// </summary>
    public static string Sized(string connectionString, int maxPoolSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoolSize, 1);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return builder.ConnectionString;
    }
}
