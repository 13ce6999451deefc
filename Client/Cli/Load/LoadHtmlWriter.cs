using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Writes a run as ONE self-contained HTML file (inline CSS and SVG, no script, nothing fetched): the summary, the
/// latency percentiles and the throughput over time as charts, errors, cache layers and thresholds.
/// </summary>
internal static class LoadHtmlWriter
{
    public static Task WriteAsync(string path, LoadSummary summary, IReadOnlyList<LoadThreshold> thresholds, CancellationToken cancellationToken)
        => File.WriteAllTextAsync(path, Render(summary, thresholds), cancellationToken);

    public static string Render(LoadSummary summary, IReadOnlyList<LoadThreshold> thresholds)
    {
        var s = summary.Series;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OrleansAgents load report</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}")
            .Append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}.fail{color:#c53030}.pass{color:#2f855a}</style>");
        html.Append("</head><body>");
        html.Append(E($"<h1>Load report: {summary.Scenario}</h1><p>{summary.Model} loop against {summary.Target}, {summary.Requests} requests in {summary.DurationSeconds:0.0} s</p>"));
        html.Append("<table id=\"summary\"><tr><th>req/s</th><th>p50 ms</th><th>p90 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th><th>cache hits</th></tr>");
        html.Append(E($"<tr><td>{summary.RequestsPerSecond:0.0}</td><td>{summary.P50Ms:0.0}</td><td>{summary.P90Ms:0.0}</td><td>{summary.P95Ms:0.0}</td><td>{summary.P99Ms:0.0}</td><td>{summary.MaxMs:0.0}</td><td>{summary.Errors} ({summary.ErrorRatio:0.##%})</td><td>{summary.CacheHitRatio:0.0%}</td></tr></table>"));
        html.Append("<h2>Latency percentiles over time</h2>");
        html.Append(SvgLineChart.Render("latency-chart", "Latency percentiles per second", "ms",
        [
            ("p50", [.. s.Select(x => x.P50Ms)]),
            ("p95", [.. s.Select(x => x.P95Ms)]),
            ("p99", [.. s.Select(x => x.P99Ms)]),
        ]));
        html.Append("<h2>Throughput over time</h2>");
        html.Append(SvgLineChart.Render("throughput-chart", "Requests and errors per second", "req/s",
        [
            ("requests/s", [.. s.Select(x => (double)x.Requests)]),
            ("errors/s", [.. s.Select(x => (double)x.Errors)]),
            ("users", [.. s.Select(x => (double)x.Users)]),
        ]));
        Rows(html, "cache-layers", "Answered by", ["layer", "requests"], summary.CacheLayers.Select(kv => new[] { kv.Key, N(kv.Value) }));
        Rows(html, "errors", "Errors", ["status code", "requests"], summary.ErrorsByKind.Select(kv => new[] { kv.Key, N(kv.Value) }));
        Rows(html, "thresholds", "Thresholds", ["threshold", "actual", "result"],
            thresholds.Select(t => new[] { t.Text, t.FormatActual(summary), t.Passes(summary) ? "pass" : "fail" }));
        return html.Append("</body></html>").ToString();
    }

    private static void Rows(StringBuilder html, string id, string title, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append(E($"<h2>{title}</h2><table id=\"{id}\"><tr>"));
        foreach (var header in headers)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var css = cell is "pass" or "fail" ? $" class=\"{cell}\"" : "";
                html.Append("<td").Append(css).Append('>').Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Interpolated values are figures and our own names; encoded anyway so a scenario or target name cannot break the page.
    private static string E(FormattableString text)
        => string.Format(CultureInfo.InvariantCulture, text.Format,
            [.. text.GetArguments().Select(a => a is string str ? WebUtility.HtmlEncode(str) : a)]);
}
