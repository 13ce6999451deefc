using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAgents.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Persistence;

namespace OrleansAgents.RequestLog;

/// <summary>Registers the request log: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, otherwise none.</summary>
public static class RequestLogServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IRequestLog"/>, the stats query and one pooled <see cref="NpgsqlDataSource"/> per process.</summary>
    public static IServiceCollection AddRequestLog(this IServiceCollection services)
    {
        services.AddValidatedOptions<RequestLogOptions>(RequestLogOptions.SectionName);
        services.AddAgentsInstruments();
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName);
        services.TryAddSingleton(sp => CreateDataSource(
            PostgresConnectionString(sp) ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured."),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.RequestLogMaxPoolSize));
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

    /// <summary>One pool per process, sized explicitly (<see cref="DatabaseOptions.RequestLogMaxPoolSize"/>) unless the connection string says otherwise.</summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString, int maxPoolSize = 8)
        => new NpgsqlDataSourceBuilder(NpgsqlPools.Sized(connectionString, maxPoolSize)).Build();
}
