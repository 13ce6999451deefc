using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace OrleansAgents.Client.Cli;

/// <summary>
/// <c>bench</c>: sequential invokes over the silo's HTTP API, reporting client-observed latency next to the
/// server-reported inference time of each request (one request at a time, so every batch holds one request).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var url = HttpUrlOption.Create();
        var agent = new Option<string>("--agent") { Description = "Agent to call.", DefaultValueFactory = _ => "semgrep" };
        var requests = new Option<int>("--requests") { Description = "Measured requests.", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured requests first.", DefaultValueFactory = _ => 10 };
        var text = new Option<string>("--text")
        {
            Description = "Request text.",
            DefaultValueFactory = _ => "check this SQL: SELECT * FROM users WHERE id = '\" + id + \"'",
        };
        var command = new Command("bench", "Measure sequential invoke latency over HTTP (p50/p95/p99).") { url, agent, requests, warmup, text };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(requests);
            if (count < 1)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --requests must be at least 1.");
                return 2;
            }

            using var http = new HttpClient { BaseAddress = parse.GetValue(url) };
            var path = $"/api/agents/{Uri.EscapeDataString(parse.GetValue(agent)!)}/invoke";
            var body = new { text = parse.GetValue(text) };
            for (var i = 0; i < parse.GetValue(warmup); i++)
            {
                using var w = await http.PostAsJsonAsync(path, body, ct);
                w.EnsureSuccessStatusCode();
            }

            var client = new double[count];
            var server = new double[count];
            var inference = new double[count];
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync(path, body, ct);
                response.EnsureSuccessStatusCode();
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                client[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var timings = json.GetProperty("timings");
                server[i] = timings.GetProperty("totalMs").GetDouble();
                inference[i] = timings.GetProperty("inferenceMs").GetDouble();
            }

            var table = new Table().AddColumns("ms", "p50", "p95", "p99", "mean");
            AddRow(table, "HTTP round trip (client)", client);
            AddRow(table, "agent total (server)", server);
            AddRow(table, "model inference (ORT Run)", inference);
            AnsiConsole.MarkupLine($"[bold]{count}[/] sequential requests to [bold]{Markup.Escape(path)}[/]");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static void AddRow(Table table, string name, double[] values)
    {
        Array.Sort(values);
        table.AddRow(name, F(Percentile(values, 0.50)), F(Percentile(values, 0.95)), F(Percentile(values, 0.99)), F(values.Average()));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string F(double value) => value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
