using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace OrleansAgents.Client.Cli;

/// <summary>
/// <c>stats</c>: an agent's figures over a window from the silo's <c>GET /api/agents/{name}/stats</c> (the PostgreSQL
/// request log, or the silos' in-memory rolling windows without it), printed as a table naming the source.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var agentArg = new Argument<string>("agent") { Description = "Agent name or alias, e.g. semgrep." };
        var url = HttpUrlOption.Create();
        var window = new Option<string>("--window") { Description = "Window: 15m, 1h, 7d (at most 31d).", DefaultValueFactory = _ => "1h" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key with the ops.read scope, when the silo requires one." };
        var command = new Command("stats", "Print an agent's requests, errors, hit ratio and p50/p95/p99 latency over a window.")
        {
            agentArg, url, window, apiKey,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = parse.GetValue(url) };
            if (parse.GetValue(apiKey) is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var path = $"/api/agents/{Uri.EscapeDataString(parse.GetValue(agentArg) ?? "")}/stats?window={Uri.EscapeDataString(parse.GetValue(window) ?? "")}";
            try
            {
                using var response = await http.GetAsync(path, ct);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (!response.IsSuccessStatusCode)
                {
                    var code = Text(body, "code") ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    AnsiConsole.MarkupLine($"[red]error ({Markup.Escape(code)}):[/] {Markup.Escape(Text(body, "detail") ?? response.ReasonPhrase ?? "")}");
                    return 2;
                }

                Print(body, parse.GetValue(window) ?? "");
                return 0;
            }
            catch (HttpRequestException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] cannot reach the silo at {Markup.Escape(http.BaseAddress!.ToString())} ({Markup.Escape(ex.Message)}).");
                return 3;
            }
            catch (JsonException)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(http.BaseAddress!.ToString())} did not answer with JSON; is --url a silo's API address?");
                return 3;
            }
        });
        return command;
    }

    private static void Print(JsonElement stats, string window)
    {
        var table = new Table().AddColumns("Figure", "Value");
        table.AddRow("requests", Number(stats, "requests", "0"));
        table.AddRow("errors", Number(stats, "errors", "0"));
        table.AddRow("error rate", Number(stats, "errorRate", "0.00%"));
        table.AddRow("hit ratio", Number(stats, "hitRatio", "0.00%"));
        table.AddRow("p50 ms", Number(stats, "p50Ms", "0.000"));
        table.AddRow("p95 ms", Number(stats, "p95Ms", "0.000"));
        table.AddRow("p99 ms", Number(stats, "p99Ms", "0.000"));
        AnsiConsole.MarkupLine(
            $"[bold]{Markup.Escape(Text(stats, "agent") ?? "")}[/] over {Markup.Escape(window)} [grey](source: {Markup.Escape(Text(stats, "source") ?? "postgres")})[/]");
        AnsiConsole.Write(table);
    }

    private static string? Text(JsonElement body, string name)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A missing or null figure (no requests in the window: no percentiles) prints as a dash.
    private static string Number(JsonElement body, string name, string format)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : "-";
}
