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
            // The preferred agent always wins, so the idle candidate never gets a routed task (the text is not weighed:
            // a better-matching candidate could outweigh the boost).
            ["Routing:AffinityBoost"] = "10",
            ["Routing:TextWeight"] = "0",
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
        // The router and the served agent are warmed up first: on a loaded machine a cold first route (activations,
        // label embeddings) can outlast the idle agent's collection age, and the loop would then prove nothing.
        var router = Client.GetGrain<IAgentRouter>("security-scan");
        var served = new List<string> { (await router.RouteAsync(Routed())).Agent };
        var idle = Client.GetGrain<IAgentGrain>(Idle);
        await idle.InvokeAsync(new AgentRequest { Text = "port scan" });
        Assert.True(await IsActiveAsync(idle.GetGrainId()));
        var routedWhileIdle = 0;

        var deadline = DateTime.UtcNow + (AgentCollectionAge * 10);
        var collected = false;
        while (!collected && DateTime.UtcNow < deadline)
        {
            served.Add((await router.RouteAsync(Routed())).Agent);
            routedWhileIdle++;
            collected = !await IsActiveAsync(idle.GetGrainId());
            await Task.Delay(200);
        }

        Assert.True(collected, $"{Idle} was still active {AgentCollectionAge.TotalSeconds * 10:0} s after its last request.");
        Assert.All(served, agent => Assert.Equal(Served, agent));
        // The router kept routing while the candidate sat idle (how many tasks fit depends on the machine's load).
        Assert.True(routedWhileIdle >= 1, routedWhileIdle.ToString(CultureInfo.InvariantCulture));
        Assert.True(await IsActiveAsync(router.GetGrainId()));
        Assert.True(await IsActiveAsync(Client.GetGrain<IAgentGrain>(Served).GetGrainId()));
    }

    private static RouteRequest Routed() => new()
    {
        PreferredAgent = Served,
        Request = new AgentRequest { Text = "sql injection in the login form", UserId = "u1" },
    };

    private async Task<bool> IsActiveAsync(GrainId grain)
        => (await Client.GetGrain<IManagementGrain>(0).GetActiveGrains(grain.Type)).Contains(grain);
}
