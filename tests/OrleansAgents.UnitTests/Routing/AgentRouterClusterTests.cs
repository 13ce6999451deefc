using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Routing;
using OrleansAgents.Tests.Cluster;

namespace OrleansAgents.Tests.Routing;

/// <summary>The router grain in the real two-silo cluster, routing to real agents.</summary>
[Collection(TwoSiloClusterCollection.Name)]
public sealed class AgentRouterClusterTests(TwoSiloClusterFixture fixture)
{
    private static readonly string[] SecurityScanners =
    [
        "adversarial-attack-detector", "container-vulnerability-scanner-trivy", "deployment-automation-master", "ethical-governor",
        "honeypot-deployment-agent", "infrastructure-devops-manager", "kali-hacker", "kali-security-specialist", "mega-code-auditor",
        "private-data-analyst", "private-registry-manager-harbor", "prompt-injection-guard", "secrets-vault-manager-vault",
        "security-pentesting-specialist", "semgrep-security-analyzer", "senior-backend-developer",
    ];

    private IAgentRouter Router(string capability) => fixture.Client.GetGrain<IAgentRouter>(capability);

    private static RouteRequest Task(string user, string? preferred = null) => new()
    {
        PreferredAgent = preferred,
        Request = new AgentRequest { Text = "sql injection in the login form", UserId = user, RequestId = Guid.NewGuid().ToString("N") },
    };

    [Fact]
    public async Task RouteAsync_WhenPreferredAgentGiven_ItGetsTheBoostAndTheBestScoreServes()
    {
        // Which agent wins depends on the latencies other tests left behind; the formula itself is unit-tested.
        var routed = await Router("security-scan").RouteAsync(Task($"pref-{Guid.NewGuid():N}", preferred: "semgrep"));

        Assert.Equal(routed.Agent, routed.Response.Agent);
        Assert.Equal(SecurityScanners, routed.Scores.Select(s => s.Agent).Order(StringComparer.Ordinal));
        Assert.Equal(["semgrep-security-analyzer"], routed.Scores.Where(s => s.Affinity == 1.2).Select(s => s.Agent));
        Assert.Equal(routed.Scores.Max(s => s.Score), routed.Scores.Single(s => s.Agent == routed.Agent).Score);
        Assert.All(routed.Scores, s => Assert.Equal(s.Performance * (1 - s.Load) * s.Affinity * s.Match, s.Score, 12));
        Assert.StartsWith($"{routed.Agent} scored", routed.Reason);
    }

    [Fact]
    public async Task RouteAsync_AfterAUsersFirstTask_TheServingAgentIsTheUsersLearnedAffinity()
    {
        var user = $"learn-{Guid.NewGuid():N}";
        var first = await Router("security-scan").RouteAsync(Task(user));

        var scores = await Router("security-scan").GetScoresAsync(user);

        Assert.Contains(first.Agent, SecurityScanners);
        Assert.Equal([first.Agent], scores.Where(s => s.Affinity > 1).Select(s => s.Agent));
        Assert.All(await Router("security-scan").GetScoresAsync("someone-else"), s => Assert.Equal(1.0, s.Affinity));
    }

    [Fact]
    public async Task RouteAsync_WhenCapabilityUnknown_ThrowsNamingCapability()
    {
        var error = await Assert.ThrowsAsync<InvalidAgentRequestException>(() => Router("teleportation").RouteAsync(Task("u")));

        Assert.Equal("capability", error.Field);
        Assert.Contains("No agent has capability 'teleportation'", error.Message);
    }

    [Fact]
    public async Task RouteAsync_WhenPreferredAgentLacksCapability_ThrowsNamingPreferredAgent()
    {
        var error = await Assert.ThrowsAsync<InvalidAgentRequestException>(() => Router("security-scan").RouteAsync(Task("u", preferred: "shellgpt")));

        Assert.Equal("preferredAgent", error.Field);
    }
}
