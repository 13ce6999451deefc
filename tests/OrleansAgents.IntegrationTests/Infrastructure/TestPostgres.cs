using Npgsql;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>The real PostgreSQL the test script provides (ORLEANS_AGENTS_TEST_POSTGRES) and private schemas in it.</summary>
internal static class TestPostgres
{
    public static string ConnectionString { get; } = Environment.GetEnvironmentVariable("ORLEANS_AGENTS_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : "Host=127.0.0.1;Port=5432;Username=orleans_agents;Password=orleans_agents_test;Database=orleans_agents_test;Timeout=30";

    /// <summary>Creates an empty schema with a unique name; its connection string has it as the only search path entry.</summary>
    public static async Task<PostgresSchema> CreateSchemaAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name }.ConnectionString;
        return new PostgresSchema(name, connectionString);
    }

    /// <summary>A private schema with the project's migrations applied (grain storage and request log).</summary>
    public static async Task<PostgresSchema> CreateMigratedSchemaAsync()
    {
        var schema = await CreateSchemaAsync();
        await new OrleansAgents.Persistence.DatabaseMigrator(Microsoft.Extensions.Logging.Abstractions.NullLogger<OrleansAgents.Persistence.DatabaseMigrator>.Instance)
            .MigrateAsync(schema.ConnectionString, CancellationToken.None);
        return schema;
    }
}
