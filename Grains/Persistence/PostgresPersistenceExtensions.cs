using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace OrleansAgents.Persistence;

/// <summary>Registers Orleans grain storage on PostgreSQL through the ADO.NET provider and this project's schema.</summary>
/// <remarks>
/// The database must hold the schema of <see cref="DatabaseMigrator"/> (its <c>OrleansQuery</c> rows are the statements
/// the provider runs). Orleans resolves the ADO.NET factory of the <see cref="Invariant"/> itself, by loading the
/// <c>Npgsql</c> assembly and its <c>NpgsqlFactory.Instance</c>; no <c>DbProviderFactories</c> registration is needed.
/// </remarks>
public static class PostgresPersistenceExtensions
{
    /// <summary>The ADO.NET invariant name Orleans maps to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Adds grain storage <paramref name="name"/> (e.g. <c>Default</c>) on the PostgreSQL database of
    /// <paramref name="connectionString"/>, with at most <paramref name="maxPoolSize"/> connections unless the connection
    /// string sets its own <c>Maximum Pool Size</c>.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString, int maxPoolSize = 16)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresGrainStorage(name, connectionString, maxPoolSize);
        return builder;
    }

    /// <summary>Adds grain storage <paramref name="name"/> (e.g. <c>Default</c>) on the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, string connectionString, int maxPoolSize = 16)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddAdoNetGrainStorage(name, (AdoNetGrainStorageOptions o) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = NpgsqlPools.Sized(connectionString, maxPoolSize);
        });
    }
}
