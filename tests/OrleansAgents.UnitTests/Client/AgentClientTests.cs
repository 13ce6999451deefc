using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Errors;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Client;

[Collection(SiloHostCollection.Name)]
public sealed class AgentClientTests(SiloHostFixture fixture) : IAsyncLifetime
{
    private IHost _host = null!;

    private IAgentClient Client => _host.Services.GetRequiredService<IAgentClient>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentClient(o => o.Gateways = [$"127.0.0.1:{fixture.GatewayPort}"]);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task ListAsync_WhenConnected_Returns131Agents()
        => Assert.Equal(131, (await Client.ListAsync()).Count);

    [Fact]
    public async Task InvokeAsync_WhenAlias_ReturnsCanonicalAgentsAnswerWithGeneratedRequestId()
    {
        var response = await Client.InvokeAsync("semgrep", new AgentRequest { Text = "hardcoded secret" });
        Assert.Equal("semgrep-security-analyzer", response.Agent);
        Assert.Equal("hardcoded secret", response.Labels[0].Label);
        Assert.Equal(32, response.RequestId.Length);
    }

    [Fact]
    public async Task RouteAsync_WhenPreferredAgent_BoostsItNormalizesCapabilityAndGeneratesRequestId()
    {
        var routed = await Client.RouteAsync(" SECURITY-SCAN ", new OrleansAgents.Routing.RouteRequest
        {
            PreferredAgent = "semgrep",
            Request = new AgentRequest { Text = "hardcoded secret", UserId = $"sdk-{Guid.NewGuid():N}" },
        });

        Assert.Equal(routed.Agent, routed.Response.Agent);
        // Best first and the best serves; equal best scores are broken at random (other tests in this silo route too).
        Assert.Equal(routed.Scores[0].Score, routed.Scores.Single(s => s.Agent == routed.Agent).Score);
        Assert.Equal(1.2, routed.Scores.Single(s => s.Agent == "semgrep-security-analyzer").Affinity);
        Assert.Equal("security-scan", routed.Capability);
        Assert.Equal(32, routed.Response.RequestId.Length);
    }

    [Fact]
    public async Task RouteAsync_WhenCapabilityBlank_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<InvalidAgentRequestException>(() => Client.RouteAsync(" ", new OrleansAgents.Routing.RouteRequest
        {
            Request = new AgentRequest { Text = "x" },
        }));
        Assert.Equal("capability", error.Field);
    }

    [Fact]
    public async Task GetAsync_WhenUnknown_ThrowsAgentNotFound()
    {
        var ex = await Assert.ThrowsAsync<AgentNotFoundException>(() => Client.GetAsync("nope"));
        Assert.Equal("nope", ex.Agent);
    }

    [Fact]
    public async Task InvokeAsync_WhenUnknownAgent_ThrowsAgentNotFoundFromTheCluster()
    {
        var ex = await Assert.ThrowsAsync<AgentNotFoundException>(() => Client.InvokeAsync("nope", new AgentRequest { Text = "x" }));
        Assert.Equal("nope", ex.Agent);
    }

    [Fact]
    public async Task InvokeAsync_WhenTextTooLarge_ThrowsBeforeSending()
    {
        var ex = await Assert.ThrowsAsync<InvalidAgentRequestException>(
            () => Client.InvokeAsync("semgrep", new AgentRequest { Text = new string('x', 70_000) }));
        Assert.Equal(AgentErrorCode.PayloadTooLarge, ex.Code);
    }
}
