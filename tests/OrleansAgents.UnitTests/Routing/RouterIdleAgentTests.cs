using System.Globalization;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Routing;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Routing;

/// <summary>
/// A router in a real cluster whose agents are collected after a few idle seconds: reading its candidates' load must
/// not keep them active.
/// </summary>
public sealed class RouterIdleAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan AgentCollectionAge = TimeSpan.FromSeconds(3);
    private const string Served = "semgrep-security-analyzer";
    private const string Idle = "kali-hacker";
    private InProcessTestCluster _cluster = null!;

    private IClusterClient Client => _cluster.Client;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        2,
        new Dictionary<string, string?>
        {
            // The preferred agent always wins, so the idle candidate never gets a routed task.
            ["Routing:AffinityBoost"] = "10",
            ["Placement:LoadRefreshPeriod"] = "00:00:00.500",
        },
        silo => silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionQuantum = TimeSpan.FromSeconds(1);
            o.ClassSpecificCollectionAge[typeof(AgentGrain).FullName!] = AgentCollectionAge;
        }));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RouteAsync_WhileRoutingToOneAgent_AnIdleCandidateIsCollected()
    {
        var idle = Client.GetGrain<IAgentGrain>(Idle);
        await idle.InvokeAsync(new AgentRequest { Text = "port scan" });
        Assert.True(await IsActiveAsync(idle.GetGrainId()));
        var router = Client.GetGrain<IAgentRouter>("security-scan");
        var served = new List<string>();

        var deadline = DateTime.UtcNow + (AgentCollectionAge * 10);
        var collected = false;
        while (!collected && DateTime.UtcNow < deadline)
        {
            var routed = await router.RouteAsync(new RouteRequest
            {
                PreferredAgent = Served,
                Request = new AgentRequest { Text = "sql injection in the login form", UserId = "u1" },
            });
            served.Add(routed.Agent);
            collected = !await IsActiveAsync(idle.GetGrainId());
            await Task.Delay(200);
        }

        Assert.True(collected, $"{Idle} was still active {AgentCollectionAge.TotalSeconds * 10:0} s after its last request.");
        Assert.All(served, agent => Assert.Equal(Served, agent));
        // The router kept routing for the whole idle period (how many tasks fit in it depends on the machine's load).
        Assert.True(served.Count >= 2, served.Count.ToString(CultureInfo.InvariantCulture));
        Assert.True(await IsActiveAsync(router.GetGrainId()));
        Assert.True(await IsActiveAsync(Client.GetGrain<IAgentGrain>(Served).GetGrainId()));
    }

    private async Task<bool> IsActiveAsync(GrainId grain)
        => (await Client.GetGrain<IManagementGrain>(0).GetActiveGrains(grain.Type)).Contains(grain);
}
