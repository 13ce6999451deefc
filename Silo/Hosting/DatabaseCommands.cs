using Microsoft.Extensions.Options;
using OrleansAgents.Persistence;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Applies the database migrations: as the <c>migrate</c> command, or at start when <c>Database:MigrateOnStart</c> is true.</summary>
public static class DatabaseCommands
{
    /// <summary><c>dotnet run --project Silo -- migrate</c>: migrates <c>ConnectionStrings:Postgres</c> and exits.</summary>
    public static async Task<int> MigrateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (PostgresConnection.From(builder.Configuration) is not { } connection)
        {
            await Console.Error.WriteLineAsync($"migrate: {PostgresConnection.Key} is not configured (e.g. --{PostgresConnection.Key}=\"Host=…\").");
            return 2;
        }

        await using var app = builder.Build();
        var applied = await Migrator(app.Services).MigrateAsync(connection, CancellationToken.None);
        Console.WriteLine(applied.Count == 0 ? "migrate: the database is up to date." : $"migrate: applied {string.Join(", ", applied)}.");
        return 0;
    }

    /// <summary>Migrates before the silo starts when <c>Database:MigrateOnStart</c> is true and PostgreSQL is configured.</summary>
    public static async Task MigrateIfConfiguredAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart
            && PostgresConnection.From(app.Configuration) is { } connection)
        {
            await Migrator(app.Services).MigrateAsync(connection, app.Lifetime.ApplicationStopping);
        }
    }

    private static DatabaseMigrator Migrator(IServiceProvider services)
        => new(services.GetRequiredService<ILogger<DatabaseMigrator>>());
}
