namespace OrleansAgents.Client.Cli.Load;

/// <summary>The figures of a finished run (latencies in milliseconds), as the report, the JSON and the thresholds read them.</summary>
internal sealed record LoadSummary
{
    public required string Scenario { get; init; }
    public required string Target { get; init; }
    /// <summary><c>closed</c> (virtual users) or <c>open</c> (constant arrival rate).</summary>
    public required string Model { get; init; }
    public required double DurationSeconds { get; init; }
    public required long Requests { get; init; }
    public required long Errors { get; init; }
    public double ErrorRatio => Requests == 0 ? 0 : (double)Errors / Requests;
    public double RequestsPerSecond => DurationSeconds <= 0 ? 0 : Requests / DurationSeconds;
    public required double P50Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P95Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double MaxMs { get; init; }
    public required double MeanMs { get; init; }
    /// <summary>Errors by <c>status code</c>, e.g. <c>503 overloaded</c>.</summary>
    public required IReadOnlyDictionary<string, long> ErrorsByKind { get; init; }
    /// <summary>Successful answers by cache layer (<c>none</c> is inference).</summary>
    public required IReadOnlyDictionary<string, long> CacheLayers { get; init; }
    /// <summary>One entry per second of the run.</summary>
    public required IReadOnlyList<LoadSecond> Series { get; init; }

    /// <summary>Share of successful answers served from any cache.</summary>
    public double CacheHitRatio
    {
        get
        {
            var total = CacheLayers.Values.Sum();
            return total == 0 ? 0 : (double)(total - CacheLayers.GetValueOrDefault("none")) / total;
        }
    }
}
