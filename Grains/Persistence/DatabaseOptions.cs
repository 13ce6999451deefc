namespace OrleansAgents.Persistence;

/// <summary>Options of the PostgreSQL database behind grain storage (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary>
    /// Whether a silo applies the pending schema migrations (<see cref="DatabaseMigrator"/>) when it starts, before grain
    /// storage reads its statements from the database. Concurrently starting silos are safe: the migrator serialises on a
    /// PostgreSQL advisory lock and skips what another silo applied. Default false: the schema is migrated out of band
    /// (a deployment job running the same migrator), and a silo whose database lacks it fails at storage start-up.
    /// </summary>
    public bool MigrateOnStart { get; set; }
}
