using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Persistence;

/// <summary>
/// The one reader of the PostgreSQL connection string, <c>ConnectionStrings:Postgres</c>: grain storage, the request log,
/// its stats, readiness, production checks and migrations all ask here. Absent in the embedded default.
/// </summary>
public static class PostgresConnection
{
    /// <summary>Connection-string name of the PostgreSQL database.</summary>
    public const string Name = "Postgres";

    /// <summary>The configuration key, for messages.</summary>
    public const string Key = "ConnectionStrings:" + Name;

    /// <summary>The configured connection string, or <see langword="null"/> when none (or a blank one) is set.</summary>
    public static string? From(IConfiguration? configuration)
        => configuration?.GetConnectionString(Name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The connection string configured for the host of <paramref name="services"/>, or <see langword="null"/>.</summary>
    public static string? From(IServiceProvider services) => From(services.GetService<IConfiguration>());
}
