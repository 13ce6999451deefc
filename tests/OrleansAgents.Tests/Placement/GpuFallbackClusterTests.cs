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
