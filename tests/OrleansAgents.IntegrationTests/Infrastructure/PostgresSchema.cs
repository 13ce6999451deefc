using Npgsql;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>A private schema in the test PostgreSQL, dropped with everything in it on disposal.</summary>
internal sealed class PostgresSchema(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>The test database's connection string with <see cref="Name"/> as the search path.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Runs <paramref name="sql"/> in the schema and returns every row's columns.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The same database and schema reached through <paramref name="port"/> on loopback (e.g. a <see cref="TcpProxy"/>).</summary>
    public string Through(int port) => new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = port }.ConnectionString;

    /// <summary>Runs <paramref name="sql"/> and returns its single value as a number.</summary>
    public async Task<long> ScalarAsync(string sql)
        => Convert.ToInt64((await QueryAsync(sql))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        // Clear the pool of this connection string first: its idle connections would otherwise outlive the schema.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
