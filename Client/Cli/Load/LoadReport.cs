using System.Globalization;
using Spectre.Console;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>The end-of-run tables: throughput and latency, errors by status and code, cache layers, thresholds.</summary>
internal static class LoadReport
{
    public static void Write(LoadSummary summary, IReadOnlyList<LoadThreshold> thresholds)
    {
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{summary.Scenario} ({summary.Model} loop) against {summary.Target}: {summary.Requests} requests in {F(summary.DurationSeconds, "0.0")} s"));
        var figures = new Table().AddColumns("req/s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "max ms", "errors");
        figures.AddRow(
            F(summary.RequestsPerSecond, "0.0"), F(summary.P50Ms, "0.0"), F(summary.P90Ms, "0.0"), F(summary.P95Ms, "0.0"),
            F(summary.P99Ms, "0.0"), F(summary.MaxMs, "0.0"), $"{summary.Errors} ({F(summary.ErrorRatio * 100, "0.##")}%)");
        AnsiConsole.Write(figures);

        var answered = summary.CacheLayers.Values.Sum();
        var layers = new Table().AddColumns("answered by", "requests", "share");
        foreach (var (layer, count) in summary.CacheLayers)
        {
            layers.AddRow(layer == "none" ? "inference (none)" : layer, count.ToString(CultureInfo.InvariantCulture), F(100.0 * count / answered, "0.0") + "%");
        }

        AnsiConsole.Write(layers);
        if (summary.ErrorsByKind.Count > 0)
        {
            var errors = new Table().AddColumns("status", "code", "requests");
            foreach (var (kind, count) in summary.ErrorsByKind)
            {
                var parts = kind.Split(' ', 2);
                errors.AddRow(parts[0] == "0" ? "-" : parts[0], Markup.Escape(parts[1]), count.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(errors);
        }

        foreach (var threshold in thresholds)
        {
            var passed = threshold.Passes(summary);
            AnsiConsole.MarkupLine($"{(passed ? "[green]✓[/]" : "[red]✗[/]")} {Markup.Escape(threshold.Text)} (actual {Markup.Escape(threshold.FormatActual(summary))})");
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
