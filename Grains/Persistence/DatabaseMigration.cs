namespace OrleansAgents.Persistence;

/// <summary>One versioned schema migration embedded in this assembly (<c>Persistence/Migrations/NNNN_name.sql</c>).</summary>
/// <param name="Version">The number the file name starts with; migrations apply in ascending order.</param>
/// <param name="Name">The file name without extension, e.g. <c>0001_orleans_query</c>.</param>
/// <param name="Script">The SQL, run as one command inside the migration's transaction.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the script with line endings normalised to <c>\n</c>.</param>
internal sealed record DatabaseMigration(int Version, string Name, string Script, string Checksum);
