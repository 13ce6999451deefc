using System.Net.Http.Json;
using OrleansAgents.Client.Cli;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Client;

[Collection(SiloHostCollection.Name)]
public sealed class AgentsCliTests(SiloHostFixture fixture)
{
    [Fact]
    public async Task Invoke_WhenAlias_PrintsTopLabelsScoresAndTimings()
    {
        var (exit, output) = await RunAsync("invoke", "semgrep", "sql injection", "--top", "2");
        Assert.Equal(0, exit);
        Assert.Contains("semgrep-security-analyzer", output);
        Assert.Contains("sql injection", output);
        Assert.Contains("1.0000", output);
        Assert.Contains("inference", output);
    }

    [Fact]
    public async Task Route_WhenCapabilityKnown_PrintsChoiceReasonAndScores()
    {
        var (exit, output) = await RunAsync("route", "security-scan", "sql injection", "--user", $"cli-{Guid.NewGuid():N}", "--prefer", "semgrep");
        Assert.Equal(0, exit);
        Assert.Contains(" for security-scan: ", output);
        Assert.Contains("× affinity", output);
        Assert.True(output.Contains("Score"), output); // the score table
        Assert.Contains("kali-hacker", output); // a candidate's row
    }

    [Fact]
    public async Task Route_WhenCapabilityUnknown_ExitsWith2AndExplains()
    {
        var (exit, output) = await RunAsync("route", "teleportation", "hello");
        Assert.Equal(2, exit);
        Assert.Contains("No agent has capability 'teleportation'", output);
    }

    [Fact]
    public async Task List_WhenConnected_PrintsAllAgents()
    {
        var (exit, output) = await RunAsync("list");
        Assert.Equal(0, exit);
        Assert.Contains("131 agents", output);
        Assert.Contains("semgrep-security-analyzer", output);
    }

    [Fact]
    public async Task Invoke_WhenUnknownAgent_ExitsWith2AndExplains()
    {
        var (exit, output) = await RunAsync("invoke", "nope", "hello");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown agent 'nope'", output);
    }

    [Fact]
    public async Task Bench_WhenUrlGiven_MeasuresThatSilo()
    {
        var (exit, output) = await RunAsync("bench", "--url", fixture.Http.BaseAddress!.ToString(), "--requests", "3", "--warmup", "0");
        Assert.Equal(0, exit);
        Assert.Contains("3 sequential requests to /api/agents/semgrep/invoke", output);
    }

    [Fact]
    public void Bench_WhenUrlIsNotAnHttpAddress_FailsToParseNamingTheOption()
    {
        var parse = AgentsCli.Build().Parse(["bench", "--url", "127.0.0.1:8080"]);
        Assert.Equal(["--url '127.0.0.1:8080' is not an absolute http(s) address, e.g. http://127.0.0.1:8080."], parse.Errors.Select(e => e.Message));
    }

    [Fact]
    public async Task Stats_WhenUrlGiven_PrintsTheAgentsFiguresAndTheirSource()
    {
        (await fixture.Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "sql injection" })).EnsureSuccessStatusCode().Dispose();

        var (exit, output) = await RunAsync("stats", "semgrep", "--url", fixture.Http.BaseAddress!.ToString(), "--window", "15m");

        Assert.Equal(0, exit);
        Assert.Contains("semgrep-security-analyzer over 15m (source: memory)", output);
        foreach (var figure in new[] { "requests", "errors", "error rate", "hit ratio", "p50 ms", "p95 ms", "p99 ms" })
        {
            Assert.Contains(figure, output);
        }
    }

    [Theory]
    [InlineData("nope", "1h", "Unknown agent 'nope'")]
    [InlineData("semgrep", "1y", "window must look like 15m, 1h or 7d")]
    public async Task Stats_WhenSiloRefuses_ExitsWith2AndPrintsItsDetail(string agent, string window, string detail)
    {
        var (exit, output) = await RunAsync("stats", agent, "--url", fixture.Http.BaseAddress!.ToString(), "--window", window);
        Assert.Equal(2, exit);
        Assert.Contains(detail, output);
    }

    private Task<(int Exit, string Output)> RunAsync(params string[] args)
        => CliConsole.RunAsync(["--gateway", $"127.0.0.1:{fixture.GatewayPort}", .. args]);
}
