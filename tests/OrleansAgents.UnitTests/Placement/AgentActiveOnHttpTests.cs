using System.Net.Http.Json;
using System.Text.Json;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Placement;

[Collection(SiloHostCollection.Name)]
public sealed class AgentActiveOnHttpTests(SiloHostFixture fixture)
{
    [Fact]
    public async Task GetAgent_WhenAlias_ShowsTheSiloTheCanonicalAgentIsActiveOn()
    {
        var agent = await fixture.Http.GetFromJsonAsync<JsonElement>("/api/agents/semgrep");

        Assert.Equal("semgrep-security-analyzer", agent.GetProperty("name").GetString());
        Assert.Matches(@"^S127\.0\.0\.1:\d+:\d+$", agent.GetProperty("activeOn").GetString());
        Assert.Equal("light", agent.GetProperty("tier").GetString());
        Assert.NotEqual(0, agent.GetProperty("labels").GetArrayLength());
    }
}
