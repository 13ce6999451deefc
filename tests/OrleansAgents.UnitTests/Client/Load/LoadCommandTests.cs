using System.Text.Json;
using OrleansAgents.Client.Cli;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Client.Load;

[Collection(SiloHostCollection.Name)]
public sealed class LoadCommandTests(SiloHostFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Load_WhenTinyBaseline_PrintsProgressReportAndWritesJsonAndHtml()
    {
        var json = Path.Combine(_directory, "out.json");
        var html = Path.Combine(_directory, "out.html");
        var (exit, output) = await CliConsole.RunAsync(
            "load", "--scenario", "baseline", "--url", fixture.Http.BaseAddress!.ToString(), "--users", "4", "--duration", "3s",
            "--json", json, "--html", html, "--threshold", "errors<100%", "--threshold", "rps>0");
        Assert.True(exit == 0, output);
        Assert.Contains("load: baseline, up to 4 users for 3s", output);
        Assert.Contains("] users 4, ", output); // a plain progress line: the output is not interactive
        Assert.Contains("p95 ms", output);
        Assert.Contains("✓ rps>0", output);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal("baseline", root.GetProperty("scenario").GetString());
        Assert.Equal("closed", root.GetProperty("model").GetString());
        var requests = root.GetProperty("requests").GetInt64();
        Assert.True(requests > 0);
        var answered = root.GetProperty("cacheLayers").EnumerateObject().Sum(p => p.Value.GetInt64());
        Assert.Equal(requests - root.GetProperty("errors").GetInt64(), answered);
        Assert.True(root.GetProperty("latency").GetProperty("p95Ms").GetDouble() > 0);
        var series = root.GetProperty("series").EnumerateArray().ToList();
        Assert.InRange(series.Count, 3, 4);
        Assert.Equal(requests, series.Sum(s => s.GetProperty("requests").GetInt64()));
        Assert.All(root.GetProperty("thresholds").EnumerateArray(), t => Assert.True(t.GetProperty("passed").GetBoolean()));
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg id=\"latency-chart\"", page);
        Assert.Contains("<svg id=\"throughput-chart\"", page);
    }

    [Fact]
    public async Task Load_WhenThresholdFails_ExitsWith1AndMarksIt()
    {
        var (exit, output) = await CliConsole.RunAsync(
            "load", "--url", fixture.Http.BaseAddress!.ToString(), "--users", "2", "--duration", "1s", "--cache", "off",
            "--threshold", "rps>1000000", "--threshold", "p99<1h");
        Assert.True(exit == 1, output);
        Assert.Contains("✗ rps>1000000 (actual ", output);
        Assert.Contains("✓ p99<1h", output);
        Assert.Contains("inference (none)", output); // --cache off: every answer is computed
        Assert.DoesNotContain("│ l1 ", output);
    }

    [Fact]
    public async Task Load_WhenOpenLoopOverSdk_ReportsTheRate()
    {
        var (exit, output) = await CliConsole.RunAsync(
            "--gateway", $"127.0.0.1:{fixture.GatewayPort}", "load", "--target", "sdk", "--rate", "20", "--duration", "2s");
        Assert.True(exit == 0, output);
        Assert.Contains("load: baseline, 20 requests/s for 2s against sdk", output);
        Assert.Contains("baseline (open loop) against sdk: 40 requests", output);
    }

    [Fact]
    public async Task Load_WhenModelGiven_LoadsTheOpenAiEmbeddingsEndpoint()
    {
        var (exit, output) = await CliConsole.RunAsync(
            "load", "--url", fixture.Http.BaseAddress!.ToString(), "--model", "builtin-tiny", "--rate", "20", "--duration", "2s");

        Assert.True(exit == 0, output);
        Assert.Contains("baseline (open loop) against", output);
        Assert.Contains(": 40 requests", output);
        Assert.Matches(@"embedding\s*│\s*40\s*│\s*100\.0%", output);
    }

    [Fact]
    public async Task Load_WhenModelIsNotServed_CountsOpenAiErrorCodes()
    {
        var (exit, output) = await CliConsole.RunAsync(
            "load", "--url", fixture.Http.BaseAddress!.ToString(), "--model", "gpt-5", "--rate", "10", "--duration", "1s", "--threshold", "errors<1%");

        Assert.True(exit == 1, output);
        Assert.Matches(@"404\s*│\s*model_not_found\s*│\s*10\b", output);
        Assert.Contains("✗ errors<1% (actual 100%)", output);
    }

    [Fact]
    public void Load_WhenModelWithSdkTarget_FailsToParseSayingWhy()
    {
        var parse = AgentsCli.Build().Parse(["load", "--target", "sdk", "--model", "builtin-tiny"]);

        Assert.Equal(["--model loads the HTTP API's /v1/embeddings; it needs --target http."], parse.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Load_WhenThresholdMalformed_FailsToParseNamingIt()
    {
        var parse = AgentsCli.Build().Parse(["load", "--threshold", "p95<fast", "--duration", "soon"]);
        Assert.Equal(
            [
                "--duration 'soon' is not a duration such as 500ms, 30s, 2m or 1h.",
                "--threshold 'p95<fast': 'fast' is not a valid limit for p95 (latency needs a unit such as 1000ms or 2s; errors a percentage such as 0.1%).",
            ],
            parse.Errors.Select(e => e.Message).Order());
    }
}
