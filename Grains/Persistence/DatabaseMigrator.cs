using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansAgents.Persistence;

/// <summary>
/// Brings a PostgreSQL schema up to date with the migrations embedded in this assembly
/// (<c>Persistence/Migrations/NNNN_name.sql</c>): the <c>OrleansQuery</c> table and the ADO.NET grain storage.
/// </summary>
/// <remarks>
/// <para>
/// The schema is the first existing one on the connection's search path (<c>Search Path</c> in the connection string,
/// else <c>public</c>). Applied migrations are recorded there in <c>schema_migrations</c> (version, name, applied_at,
/// checksum); each pending one runs, with its record, in its own transaction, so a failing migration leaves nothing
/// behind and the next run retries it.
/// </para>
/// <para>
/// Runs are serialised per database and schema by a session-level advisory lock, so silos starting together neither
/// race nor apply a migration twice: the second waits, then finds everything applied. An applied migration whose script
/// has changed since (checksum mismatch) stops the run: fix forward with a new migration instead of editing old ones.
/// </para>
/// </remarks>
internal sealed partial class DatabaseMigrator(ILogger<DatabaseMigrator> logger)
{
    private const string ResourcePrefix = "OrleansAgents.Persistence.Migrations.";

    /// <summary>First key of the advisory lock (ASCII "OAMG"); the second is a hash of the schema name.</summary>
    private const int LockKeySpace = 0x4F414D47;

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    integer     NOT NULL,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            checksum   text        NOT NULL,
            CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
        )
        """;

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public static IReadOnlyList<DatabaseMigration> Migrations { get; } = LoadMigrations();

    /// <summary>Applies the pending migrations to the database of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string; its search path selects the schema.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock and the running migration (which then rolls back).</param>
    /// <returns>The names of the migrations this call applied, in order; empty when the schema was up to date.</returns>
    /// <exception cref="InvalidOperationException">No schema on the search path exists, or an applied migration has changed.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var schema = await ScalarAsync<string>(connection, "SELECT current_schema()", cancellationToken)
            ?? throw new InvalidOperationException("No schema on the connection's search path exists; create it before migrating.");

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@space, hashtext(current_schema()))", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateHistorySql, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            foreach (var version in applied.Keys.Where(v => Migrations.All(m => m.Version != v)))
            {
                LogUnknownMigration(logger, schema, version);
            }

            var names = new List<string>();
            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was applied to schema '{schema}' with checksum {checksum}, but the embedded script now has {migration.Checksum}. Applied migrations must not change; add a new one.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                LogApplied(logger, migration.Name, schema);
                names.Add(migration.Name);
            }

            if (names.Count == 0)
            {
                LogUpToDate(logger, schema, Migrations.Count);
            }

            return names;
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, DatabaseMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var script = new NpgsqlCommand(migration.Script, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0), reader.GetString(1));
        }

        return applied;
    }

    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        // A broken connection has already lost the lock with its session (and pooled connections are reset on return).
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@space, hashtext(current_schema()))", CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            LogUnlockFailed(logger, ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("@space", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("space", LockKeySpace);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) as T;
    }

    private static List<DatabaseMigration> LoadMigrations()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var migrations = new List<DatabaseMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            var script = text.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            migrations.Add(new DatabaseMigration(version, name, script, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations {migrations[i - 1].Name} and {migrations[i].Name} share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Migration} to schema {Schema}")]
    private static partial void LogApplied(ILogger logger, string migration, string schema);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema {Schema} is up to date ({Count} migrations)")]
    private static partial void LogUpToDate(ILogger logger, string schema, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database schema {Schema} has migration {Version} applied, which this build does not know (a newer silo migrated it)")]
    private static partial void LogUnknownMigration(ILogger logger, string schema, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the database migration lock failed; it is released when the connection closes")]
    private static partial void LogUnlockFailed(ILogger logger, Exception exception);
}
