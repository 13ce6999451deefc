using System.Reflection;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Tests.Observability;

/// <summary>Prometheus' own checks, by <c>promtool</c>, of what the silo exports and of the alert rules shipped for it.</summary>
[Collection(ScrapedSiloCollection.Name)]
public sealed class PromtoolTests(ScrapedSilo silo)
{
    /// <summary>The first segment of every <see cref="InstrumentNames"/> instrument: <c>agents_</c>, <c>inference_</c>, …</summary>
    private static readonly string[] OwnPrefixes = [.. typeof(InstrumentNames).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name is not (nameof(InstrumentNames.Meter) or nameof(InstrumentNames.MeterVersion)))
        .Select(f => ((string)f.GetRawConstantValue()!).Split('.')[0] + "_")
        .Distinct()];

    [Fact]
    public async Task CheckMetrics_OnTheSilosScrape_ReportsNothingForOurSeries()
    {
        // The scrape holds what the checks are about: durations in seconds, and none left in milliseconds.
        Assert.Subset(silo.SeriesNames.ToHashSet(), new HashSet<string>
        {
            "agents_request_duration_seconds_bucket", "inference_duration_seconds_bucket", "inference_queue_wait_seconds_bucket",
            "inference_compute_duration_seconds_bucket", "inference_model_load_duration_seconds_bucket",
            "inference_batch_fill_ratio_bucket", "agents_requests_active", "agents_requests_total",
        });
        Assert.DoesNotContain(silo.SeriesNames, name => OwnPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && name.Contains("milliseconds", StringComparison.Ordinal));

        var (_, output) = await Promtool.CheckMetricsAsync(silo.Metrics);

        // promtool prints one "<metric> <problem>" line per finding and exits non-zero when there is any. Only our own
        // series count: Orleans' (orleans_*, still in milliseconds and without help) and the runtime's are not ours to fix.
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(findings, line => OwnPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal)));
        Assert.DoesNotContain(findings, line => line.StartsWith("error", StringComparison.OrdinalIgnoreCase)); // the scrape parsed
    }

    [Fact]
    public async Task CheckRules_OnTheAlertRules_FindsThemValid()
    {
        var (exit, output) = await Promtool.RunAsync("check", "rules", MonitoringFiles.Rules);

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {MonitoringFiles.Alerts().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_OnTheRulesUnitTests_Pass()
    {
        var (exit, output) = await Promtool.RunAsync("test", "rules", MonitoringFiles.RulesTests);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesUnitTests_EveryAlert_IsTestedFiringAndNotFiring()
    {
        var expectations = MonitoringFiles.AlertExpectations();

        Assert.All(MonitoringFiles.Alerts(), alert =>
        {
            Assert.Contains((alert.Alert, true), expectations);
            Assert.Contains((alert.Alert, false), expectations);
        });
    }
}
