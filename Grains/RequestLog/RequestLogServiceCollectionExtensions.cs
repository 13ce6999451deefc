using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAgents.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Persistence;

namespace OrleansAgents.RequestLog;

/// <summary>
/// Registers the request log: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, otherwise the silos' in-memory
/// rolling windows, which then answer the stats.
/// </summary>
public static class RequestLogServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IRequestLog"/>, the stats source and one pooled <see cref="NpgsqlDataSource"/> per process.</summary>
    public static IServiceCollection AddRequestLog(this IServiceCollection services)
    {
        services.AddValidatedOptions<RequestLogOptions>(RequestLogOptions.SectionName);
        services.AddAgentsInstruments();
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName);
        services.TryAddSingleton(sp => CreateDataSource(
            PostgresConnection.From(sp) ?? throw new InvalidOperationException($"{PostgresConnection.Key} is not configured."),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.RequestLogMaxPoolSize));
        services.TryAddSingleton<LiveRequestStats>();
        services.TryAddSingleton<IRequestLog>(sp => PostgresConnection.From(sp) is null
            ? new MemoryRequestLog(sp.GetRequiredService<LiveRequestStats>())
            : ActivatorUtilities.CreateInstance<PostgresRequestLog>(sp));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new RequestLogLifecycle(sp.GetRequiredService<IRequestLog>()));
        services.TryAddSingleton<RequestLogStats>();
        services.TryAddSingleton<MemoryRequestStats>();
        services.TryAddSingleton<IAgentStatsSource>(sp => PostgresConnection.From(sp) is null
            ? sp.GetRequiredService<MemoryRequestStats>()
            : sp.GetRequiredService<RequestLogStats>());
        return services;
    }

    /// <summary>One pool per process, sized explicitly (<see cref="DatabaseOptions.RequestLogMaxPoolSize"/>) unless the connection string says otherwise.</summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString, int maxPoolSize = 8)
        => new NpgsqlDataSourceBuilder(NpgsqlPools.Sized(connectionString, maxPoolSize)).Build();
}
