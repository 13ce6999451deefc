using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>
/// The Orleans dashboard's CPU cost on the silo (README, Security): the same HTTP load against the real host with
/// <c>Management:Dashboard</c> on and off, measured as this process's CPU time (the silo runs in it).
/// </summary>
public sealed class DashboardCostTests(ITestOutputHelper output)
{
    private const int Requests = 6000;

    [Fact]
    public async Task Load_WithDashboardOnAndOff_PrintsTheDashboardsCpuCost()
    {
        await MeasureAsync(dashboard: true); // JIT and the model cache warm, not counted
        var off1 = await MeasureAsync(dashboard: false);
        var on1 = await MeasureAsync(dashboard: true);
        var off2 = await MeasureAsync(dashboard: false);
        var on2 = await MeasureAsync(dashboard: true);
        var (on, off) = ((on1 + on2) / 2, (off1 + off2) / 2);
        var line = $"dashboard CPU cost: {on.TotalMilliseconds / Requests * 1000:0} ms CPU per 1000 requests with the dashboard, "
            + $"{off.TotalMilliseconds / Requests * 1000:0} ms without ({100 * (on - off) / off:+0.0;-0.0} %; runs on {on1.TotalMilliseconds:0}/{on2.TotalMilliseconds:0} ms, off {off1.TotalMilliseconds:0}/{off2.TotalMilliseconds:0} ms for {Requests} requests)";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static async Task<TimeSpan> MeasureAsync(bool dashboard)
    {
        await using var app = TestSilos.Create($"--Management:Dashboard={dashboard}", "--Logging:LogLevel:Default=None");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(app)) };
        string[] agents = ["semgrep", "shellgpt", "system-architect", "metrics-collector-prometheus"];
        await SendAsync(http, agents, 200); // warm: model loaded, agents activated, answers cached
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await SendAsync(http, agents, Requests);
        var used = Process.GetCurrentProcess().TotalProcessorTime - before;
        await app.StopAsync();
        return used;
    }

    private static async Task SendAsync(HttpClient http, string[] agents, int count)
    {
        for (var i = 0; i < count; i += 8)
        {
            await Task.WhenAll(Enumerable.Range(i, 8).Select(async n =>
            {
                using var response = await http.PostAsJsonAsync($"/api/agents/{agents[n % agents.Length]}/invoke", new { text = $"load {n % 40}" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }));
        }
    }
}
