using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.Caching;

/// <summary>Options of the answer caches (configuration section <c>Caching</c>; the L2 Redis is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class CachingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caching";

    /// <summary>Connection-string name of the L2 Redis; when absent, L2 is an in-process memory cache.</summary>
    public const string RedisConnectionName = "Redis";

    /// <summary>
    /// Cap of the L1 "dynamic" TTL: each hit extends an entry to now + the tier TTL, but never beyond its creation + this
    /// factor × the tier TTL. Default 4; range 1–100.
    /// </summary>
    [Range(1, 100)]
    public int L1MaxTtlFactor { get; set; } = 4;

    /// <summary>Share of an agent's L1 budget reserved for entries hit at least twice (SLRU protected segment). Default 0.8.</summary>
    [Range(0.1, 0.95)]
    public double L1ProtectedShare { get; set; } = 0.8;

    /// <summary>
    /// Most bytes of L1 entries an agent carries when it migrates (a draining silo, the rebalancer), its most valuable
    /// entries first; 0 moves it with an empty L1. Default 4 MiB; range 0–256 MiB.
    /// </summary>
    [Range(0, 256 * 1024 * 1024)]
    public int L1MigrationBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Whether L2 is used at all. Default true.</summary>
    public bool L2Enabled { get; set; } = true;

    /// <summary>Longest an L2 read or write may take before it is abandoned and L2 bypassed. Default 50 ms; range 1 ms–5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan L2Timeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long L2 stays bypassed after it keeps failing (circuit breaker). Default 5 s; range 100 ms–5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan L2BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>L2 values larger than this many bytes are Brotli-compressed. Default 1024; range 0–1 MiB.</summary>
    [Range(0, 1024 * 1024)]
    public int CompressionThresholdBytes { get; set; } = 1024;

    /// <summary>Width of the time bucket in keys of time-sensitive agents. Default 60 s; range 1 s–1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TimeBucket { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the semantic cache is used. Default false: for the built-in model it saves only label scoring,
    /// which is cheaper than the lookup (see the README).</summary>
    public bool SemanticEnabled { get; set; }

    /// <summary>Cosine similarity at or above which a cached answer is reused. Default 0.95; range 0.5–1.</summary>
    [Range(0.5, 1.0)]
    public double SemanticThreshold { get; set; } = 0.95;

    /// <summary>
    /// What a semantic hit needs besides the threshold: <see cref="SemanticGuardMode.Terms"/> (default) also requires the
    /// same terms in the same order, so negations, numbers and names never share an answer; <see cref="SemanticGuardMode.None"/>
    /// trusts the cosine alone.
    /// </summary>
    [EnumDataType(typeof(SemanticGuardMode))]
    public SemanticGuardMode SemanticGuard { get; set; } = SemanticGuardMode.Terms;

    /// <summary>Entries per agent in the semantic cache (oldest evicted first). Default 256; range 1–100 000.</summary>
    [Range(1, 100_000)]
    public int SemanticMaxEntries { get; set; } = 256;
}
