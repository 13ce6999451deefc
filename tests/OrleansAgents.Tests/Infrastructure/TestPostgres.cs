using Npgsql;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>
/// A private schema in the real PostgreSQL the test script starts (ORLEANS_AGENTS_TEST_POSTGRES), with the project's
/// migrations applied; dropped on dispose.
/// </summary>
internal sealed class TestPostgres : IAsyncDisposable
{
    public static string BaseConnectionString { get; } = Environment.GetEnvironmentVariable("ORLEANS_AGENTS_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : "Host=127.0.0.1;Port=5432;Username=orleans_agents;Password=orleans_agents_test;Database=orleans_agents_test";

    private TestPostgres(string schema, string connectionString)
    {
        Schema = schema;
        ConnectionString = connectionString;
    }

    public string Schema { get; }

    /// <summary>Connection string whose search path is the private schema.</summary>
    public string ConnectionString { get; }

    /// <summary>The same database reached through <paramref name="port"/> (e.g. a <see cref="TcpProxy"/>).</summary>
    public string Through(int port) => new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = port }.ConnectionString;

    public static async Task<TestPostgres> CreateAsync()
    {
        var schema = $"t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(BaseConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(BaseConnectionString) { SearchPath = schema }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Migrations"), "*.sql").Order(StringComparer.Ordinal))
            {
                await using var migrate = new NpgsqlCommand(await File.ReadAllTextAsync(file), connection);
                await migrate.ExecuteNonQueryAsync();
            }
        }

        return new TestPostgres(schema, connectionString);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(BaseConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
