using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// A pass/fail criterion in the style of k6: <c>p95&lt;1000ms</c>, <c>p99&lt;2s</c>, <c>max&lt;=5s</c>, <c>errors&lt;0.1%</c>,
/// <c>rps&gt;100</c>. Latency limits need a unit; <c>errors</c> is a percentage (with <c>%</c>) or a ratio.
/// </summary>
internal sealed partial record LoadThreshold(string Text, string Metric, string Operator, double Limit)
{
    private static readonly string[] LatencyMetrics = ["p50", "p90", "p95", "p99", "max", "mean"];

    [GeneratedRegex(@"^\s*(?<metric>[a-z0-9]+)\s*(?<op><=|>=|<|>)\s*(?<value>\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Shape();

    /// <summary>Parses <paramref name="text"/>, or says why it is not a threshold.</summary>
    public static bool TryParse(string text, out LoadThreshold? threshold, out string error)
    {
        threshold = null;
        error = "";
        var match = Shape().Match(text);
        if (!match.Success)
        {
            error = $"--threshold '{text}' is not METRIC<op>VALUE, e.g. \"p95<1000ms\", \"errors<0.1%\" or \"rps>100\".";
            return false;
        }

        var metric = match.Groups["metric"].Value.ToLowerInvariant();
        var op = match.Groups["op"].Value;
        var value = match.Groups["value"].Value;
        double? limit = metric switch
        {
            _ when LatencyMetrics.Contains(metric) => LoadDuration.TryParse(value, out var d) ? d.TotalMilliseconds : null,
            "errors" => value.EndsWith('%') ? Number(value[..^1]) / 100 : Number(value),
            "rps" => Number(value),
            _ => null,
        };
        if (!LatencyMetrics.Contains(metric) && metric is not ("errors" or "rps"))
        {
            error = $"--threshold '{text}': unknown metric '{metric}'; use p50, p90, p95, p99, max, mean, errors or rps.";
            return false;
        }

        if (limit is not { } l || double.IsNaN(l))
        {
            error = $"--threshold '{text}': '{value}' is not a valid limit for {metric} (latency needs a unit such as 1000ms or 2s; errors a percentage such as 0.1%).";
            return false;
        }

        threshold = new LoadThreshold(text.Trim(), metric, op, l);
        return true;
    }

    /// <summary>The measured value this threshold reads from <paramref name="summary"/> (ms, ratio or requests/s).</summary>
    public double Actual(LoadSummary summary) => Metric switch
    {
        "p50" => summary.P50Ms,
        "p90" => summary.P90Ms,
        "p95" => summary.P95Ms,
        "p99" => summary.P99Ms,
        "max" => summary.MaxMs,
        "mean" => summary.MeanMs,
        "errors" => summary.ErrorRatio,
        _ => summary.RequestsPerSecond,
    };

    /// <summary>Whether <paramref name="summary"/> meets this threshold.</summary>
    public bool Passes(LoadSummary summary)
    {
        var actual = Actual(summary);
        return Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            _ => actual >= Limit,
        };
    }

    /// <summary>The measured value in the threshold's own terms, e.g. <c>812.4ms</c> or <c>0.12%</c>.</summary>
    public string FormatActual(LoadSummary summary) => Metric switch
    {
        "errors" => (Actual(summary) * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        "rps" => Actual(summary).ToString("0.0", CultureInfo.InvariantCulture),
        _ => Actual(summary).ToString("0.0", CultureInfo.InvariantCulture) + "ms",
    };

    private static double? Number(string text)
        => double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;
}
