using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgents.Persistence;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Persistence;

/// <summary>The embedded migrations against a real PostgreSQL, each test in a fresh schema.</summary>
public sealed class DatabaseMigratorTests : IAsyncLifetime
{
    private static readonly string[] AllMigrations = ["0001_orleans_query", "0002_grain_storage", "0003_request_log", "0004_drop_request_log_hourly"];

    private PostgresSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TestPostgres.CreateSchemaAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    private static DatabaseMigrator NewMigrator() => new(NullLogger<DatabaseMigrator>.Instance);

    [Fact]
    public void Migrations_WhenLoaded_AreTheEmbeddedScriptsInVersionOrder()
    {
        Assert.Equal(AllMigrations, DatabaseMigrator.Migrations.Select(m => m.Name));
        Assert.Equal([1, 2, 3, 4], DatabaseMigrator.Migrations.Select(m => m.Version));
        Assert.All(DatabaseMigrator.Migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Fact]
    public async Task MigrateAsync_WhenSchemaEmpty_AppliesAllMigrationsInOrder()
    {
        var applied = await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        Assert.Equal(AllMigrations, applied);
    }

    [Fact]
    public async Task MigrateAsync_WhenSchemaEmpty_LeavesTheRequestLogTableWithoutTheDroppedHourlyView()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        Assert.Equal(0, await _schema.ScalarAsync("SELECT count(*) FROM pg_matviews WHERE schemaname = current_schema()"));
        Assert.Equal(0, await _schema.ScalarAsync("SELECT count(*) FROM request_log"));
    }

    [Fact]
    public async Task MigrateAsync_WhenRunTwice_SecondRunAppliesNothing()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        var again = await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        Assert.Empty(again);
    }

    [Fact]
    public async Task MigrateAsync_WhenApplied_RecordsEachVersionWithItsChecksum()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        var rows = await _schema.QueryAsync("SELECT version, name, checksum, applied_at IS NOT NULL FROM schema_migrations ORDER BY version");

        Assert.Equal(
            DatabaseMigrator.Migrations.Select(m => new object?[] { m.Version, m.Name, m.Checksum, true }),
            rows);
    }

    [Fact]
    public async Task MigrateAsync_WhenApplied_OrleansQueryHoldsTheGrainStorageStatements()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        var rows = await _schema.QueryAsync("SELECT querykey FROM orleansquery ORDER BY querykey");

        Assert.Equal(
            ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"],
            rows.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task MigrateAsync_WhenScriptsRunAgainOutsideTheHistory_AreIdempotent()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);
        await _schema.QueryAsync("DELETE FROM schema_migrations");

        var applied = await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);

        Assert.Equal(AllMigrations, applied);
        var queries = await _schema.QueryAsync("SELECT count(*) FROM orleansquery");
        Assert.Equal(4L, queries[0][0]);
    }

    [Fact]
    public async Task MigrateAsync_WhenManySilosStartTogether_AppliesEachMigrationOnce()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None))));

        Assert.Equal(AllMigrations, runs.SelectMany(r => r));
        Assert.Single(runs, r => r.Count == AllMigrations.Length);
        var history = await _schema.QueryAsync("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)AllMigrations.Length, history[0][0]);
    }

    [Fact]
    public async Task MigrateAsync_WhenAnAppliedScriptChanged_ThrowsNamingTheMigration()
    {
        await NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None);
        await _schema.QueryAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NewMigrator().MigrateAsync(_schema.ConnectionString, CancellationToken.None));

        Assert.Contains("0001_orleans_query", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_WhenSearchPathSchemaMissing_Throws()
    {
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { SearchPath = $"missing_{Guid.NewGuid():N}" };

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => NewMigrator().MigrateAsync(missing.ConnectionString, CancellationToken.None));
    }
}
