using OrleansAgents.Client.Cli.Load;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Client;

/// <summary>The <c>load --html</c> report as a browser renders it: headless Chromium (Debian <c>chromium</c>, installed by test.sh).</summary>
public sealed class LoadHtmlReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("load-html-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Render_WhenOpenedInHeadlessChromium_ShowsLatencyAndThroughputCharts()
    {
        var page = Path.Combine(_directory, "report.html");
        LoadThreshold.TryParse("p95<1000ms", out var threshold, out _);
        await LoadHtmlWriter.WriteAsync(page, Summary(), [threshold!], CancellationToken.None);

        var start = ChildCommand.Prepare("chromium", _directory,
        [
            "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(_directory, "profile")}",
            "--dump-dom", new Uri(page).AbsoluteUri,
        ]);
        var (exit, dom) = await ChildCommand.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, dom);
        Assert.Contains("<svg id=\"latency-chart\"", dom);
        Assert.Contains("<svg id=\"throughput-chart\"", dom);
        foreach (var series in new[] { "p50", "p95", "p99", "requests/s", "errors/s", "users" })
        {
            Assert.Contains($"data-series=\"{series}\"", dom);
        }

        // Nothing fetched: the page is one self-contained file.
        Assert.DoesNotContain("<script src", await File.ReadAllTextAsync(page));
        Assert.DoesNotContain("<link", await File.ReadAllTextAsync(page));
        Assert.Contains("<td class=\"pass\">pass</td>", dom);
    }

    private static LoadSummary Summary() => new()
    {
        Scenario = "spike",
        Target = "http://127.0.0.1:8080/",
        Model = "closed",
        DurationSeconds = 5,
        Requests = 500,
        Errors = 5,
        P50Ms = 10,
        P90Ms = 30,
        P95Ms = 45,
        P99Ms = 90,
        MaxMs = 120,
        MeanMs = 15,
        ErrorsByKind = new Dictionary<string, long> { ["503 overloaded"] = 5 },
        CacheLayers = new Dictionary<string, long> { ["none"] = 300, ["l1"] = 195 },
        Series = [.. Enumerable.Range(0, 5).Select(i => new LoadSecond(i, 10 * (i + 1), 100, i == 2 ? 5 : 0, 10 + i, 40 + i, 80 + 2 * i, 100 + i))],
    };
}
