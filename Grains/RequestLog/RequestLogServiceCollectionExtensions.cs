using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace OrleansAgents.RequestLog;

/// <summary>Registers the request log: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, otherwise none.</summary>
public static class RequestLogServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IRequestLog"/>, the stats query and one pooled <see cref="NpgsqlDataSource"/> per process.</summary>
    public static IServiceCollection AddRequestLog(this IServiceCollection services)
    {
        services.AddOptions<RequestLogOptions>()
            .BindConfiguration(RequestLogOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => CreateDataSource(PostgresConnectionString(sp)
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.")));
        services.TryAddSingleton<IRequestLog>(sp => PostgresConnectionString(sp) is null
            ? new NullRequestLog()
            : ActivatorUtilities.CreateInstance<PostgresRequestLog>(sp));
        services.AddSingleton<IHostedService>(sp => (IHostedService)sp.GetRequiredService<IRequestLog>());
        services.TryAddSingleton<RequestLogStats>();
        return services;
    }

    /// <summary>The configured PostgreSQL connection string, or <see langword="null"/> in the embedded default.</summary>
    public static string? PostgresConnectionString(IServiceProvider services)
        => services.GetService<IConfiguration>()?.GetConnectionString(RequestLogOptions.ConnectionName) is { Length: > 0 } value ? value : null;

    /// <summary>One pool per process, sized explicitly unless the connection string says otherwise.</summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 20;
        }

        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 5;
        }

        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
