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

    /// <summary>
    /// Connections per silo for grain storage (the ADO.NET provider's Npgsql pool), unless the connection string sets
    /// <c>Maximum Pool Size</c>. Default 16; range 1–1000. Size PostgreSQL's <c>max_connections</c> for
    /// (this + <see cref="RequestLogMaxPoolSize"/>) × silos, plus headroom.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int GrainStorageMaxPoolSize { get; set; } = 16;

    /// <summary>Connections per silo for the request log and stats queries, unless the connection string sets <c>Maximum Pool Size</c>. Default 8; range 1–1000.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int RequestLogMaxPoolSize { get; set; } = 8;
}
