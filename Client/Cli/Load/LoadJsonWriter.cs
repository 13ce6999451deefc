using System.Text.Json;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>Writes a run as JSON: every figure of <see cref="LoadSummary"/>, the per-second series and the thresholds' results.</summary>
internal static class LoadJsonWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string path, LoadSummary summary, IReadOnlyList<LoadThreshold> thresholds, CancellationToken cancellationToken)
    {
        var document = new
        {
            summary.Scenario,
            summary.Target,
            summary.Model,
            summary.DurationSeconds,
            summary.Requests,
            summary.Errors,
            summary.ErrorRatio,
            summary.RequestsPerSecond,
            Latency = new { summary.P50Ms, summary.P90Ms, summary.P95Ms, summary.P99Ms, summary.MaxMs, summary.MeanMs },
            summary.ErrorsByKind,
            summary.CacheLayers,
            summary.CacheHitRatio,
            Thresholds = thresholds.Select(t => new { t.Text, Passed = t.Passes(summary), Actual = t.Actual(summary) }),
            summary.Series,
        };
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Options, cancellationToken);
    }
}
