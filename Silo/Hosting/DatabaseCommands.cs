using OrleansAgents.Persistence;
using OrleansAgents.RequestLog;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Applies the database migrations: as the <c>migrate</c> command, or at start when <c>Database:MigrateOnStart</c> is true.</summary>
public static class DatabaseCommands
{
    /// <summary><c>dotnet run --project Silo -- migrate</c>: migrates <c>ConnectionStrings:Postgres</c> and exits.</summary>
    public static async Task<int> MigrateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connection = builder.Configuration.GetConnectionString(RequestLogOptions.ConnectionName);
        if (string.IsNullOrWhiteSpace(connection))
        {
            await Console.Error.WriteLineAsync("migrate: ConnectionStrings:Postgres is not configured (e.g. --ConnectionStrings:Postgres=\"Host=…\").");
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
        var connection = app.Configuration.GetConnectionString(RequestLogOptions.ConnectionName);
        if (app.Configuration.GetValue<bool>($"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.MigrateOnStart)}") && !string.IsNullOrWhiteSpace(connection))
        {
            await Migrator(app.Services).MigrateAsync(connection, app.Lifetime.ApplicationStopping);
        }
    }

    private static DatabaseMigrator Migrator(IServiceProvider services)
        => new(services.GetRequiredService<ILogger<DatabaseMigrator>>());
}
