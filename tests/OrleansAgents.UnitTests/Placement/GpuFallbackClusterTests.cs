using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Placement;

public sealed class GpuFallbackClusterTests
{
    [Fact]
    public async Task Activate_WhenGpuFallbackFailAndNoAccelerator_CallerGetsTypedErrorAndOthersStillRun()
    {
        await using var cluster = await TestClusters.StartAsync(1, new Dictionary<string, string?> { ["Placement:GpuFallback"] = "fail" });

        var error = await Assert.ThrowsAsync<AgentPlacementException>(
            () => cluster.Client.GetGrain<IAgentGrain>("agentgpt-autonomous-executor").GetActivationAsync());
        var light = await cluster.Client.GetGrain<IAgentGrain>("semgrep-security-analyzer").GetActivationAsync();

        Assert.Equal("agentgpt-autonomous-executor", error.Agent);
        Assert.Contains("requires a GPU, but no silo advertises an accelerator", error.Message);
        Assert.Equal(cluster.Silos[0].SiloAddress.ToString(), light.Silo);
    }
}

public sealed class GpuFallbackHttpTests
{
    [Fact]
    public async Task Invoke_WhenGpuAgentCannotBePlaced_Returns503ProblemNamingTheAgent()
    {
        await using var silo = TestSilos.Create("--Placement:GpuFallback=fail");
        await silo.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(silo)) };

        using var response = await http.PostAsJsonAsync("/api/agents/agentgpt-autonomous-executor/invoke", new { text = "plan a trip" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unplaceable", problem.GetProperty("code").GetString());
        Assert.Equal("agentgpt-autonomous-executor", problem.GetProperty("agent").GetString());
        await silo.StopAsync();
    }
}
