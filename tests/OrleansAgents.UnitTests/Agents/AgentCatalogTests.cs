using Microsoft.Extensions.Options;
using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

public sealed class AgentCatalogTests
{
    private static readonly AgentCatalog BuiltIn = new(Options.Create(new AgentCatalogOptions()));

    [Fact]
    public void Load_WhenBuiltIn_Holds131AgentsOf36OpusAnd95Sonnet()
    {
        Assert.Equal(131, BuiltIn.Agents.Count);
        Assert.Equal(36, BuiltIn.Agents.Count(a => a.ModelClass == "opus"));
        Assert.Equal(95, BuiltIn.Agents.Count(a => a.ModelClass == "sonnet"));
    }

    [Fact]
    public void Load_WhenBuiltIn_UsesExactlyTheOriginNames()
    {
        var origin = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "agents-origin.tsv"))
            .Where(l => !l.StartsWith('#') && !l.StartsWith("name\t", StringComparison.Ordinal) && l.Length > 0)
            .Select(l => l.Split('\t')[0])
            .ToList();
        Assert.Equal(origin, BuiltIn.Agents.Select(a => a.Name));
    }

    [Theory]
    [InlineData("semgrep", "semgrep-security-analyzer")]
    [InlineData("autogpt", "agentgpt-autonomous-executor")]
    [InlineData("crewai", "ai-agent-orchestrator")]
    [InlineData("gpt_engineer", "opendevin-code-generator")]
    [InlineData("shellgpt", "shell-automation-specialist")]
    [InlineData("tabbyml", "code-generation-improver")]
    [InlineData("aider", "ai-senior-engineer")]
    [InlineData("langflow", "langflow-workflow-designer")]
    [InlineData("bigagi", "bigagi-system-manager")]
    [InlineData("SEMGREP", "semgrep-security-analyzer")]
    [InlineData(" system-architect ", "system-architect")]
    public void TryResolve_WhenNameOrAlias_ReturnsCanonicalAgent(string name, string expected)
    {
        Assert.True(BuiltIn.TryResolve(name, out var agent));
        Assert.Equal(expected, agent.Name);
    }

    [Theory]
    [InlineData("no-such-agent")]
    [InlineData("")]
    [InlineData("   ")]
    public void TryResolve_WhenUnknown_ReturnsFalse(string name) => Assert.False(BuiltIn.TryResolve(name, out _));

    [Fact]
    public void Load_WhenBuiltIn_HeavyTierExactlyRequiresGpuAndSeedTiersHold()
    {
        Assert.All(BuiltIn.Agents, a => Assert.Equal(a.Tier == AgentTier.Heavy, a.Profile.RequiresGpu));
        BuiltIn.TryResolve("autogpt", out var autogpt);
        BuiltIn.TryResolve("gpt_engineer", out var engineer);
        BuiltIn.TryResolve("semgrep", out var semgrep);
        Assert.Equal(AgentTier.Heavy, autogpt!.Tier);
        Assert.Equal(AgentTier.Medium, engineer!.Tier);
        Assert.Equal(AgentTier.Light, semgrep!.Tier);
    }

    [Fact]
    public void Create_WhenNameDuplicated_ThrowsNamingTheEntry()
    {
        var agents = Clone().ToList();
        agents[5] = agents[5] with { Name = agents[4].Name, Aliases = [] };
        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));
        Assert.Contains($"name or alias '{agents[4].Name}' is already used by '{agents[4].Name}'", ex.Message);
    }

    [Fact]
    public void Create_WhenAliasCollidesWithAnotherAgent_ThrowsNamingBoth()
    {
        var agents = Clone().ToList();
        agents[7] = agents[7] with { Aliases = ["semgrep"] };
        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));
        Assert.Contains("'semgrep' is already used by", ex.Message);
    }

    [Fact]
    public void Create_WhenLabelsEmpty_ThrowsNamingTheAgent()
    {
        var agents = Clone().ToList();
        agents[0] = agents[0] with { Labels = [] };
        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));
        Assert.Contains($"agent '{agents[0].Name}': needs 4–16 labels; has 0", ex.Message);
    }

    [Fact]
    public void Create_WhenCountIsNot131_ThrowsWithCounts()
    {
        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(Clone().Take(130).ToList(), 131));
        Assert.Contains("the catalog holds 130 agents; 131 are expected", ex.Message);
    }

    [Fact]
    public void Create_WhenHeavyAgentDoesNotRequireGpu_Throws()
    {
        var agents = Clone().ToList();
        var index = agents.FindIndex(a => a.Tier == AgentTier.Heavy);
        agents[index] = agents[index] with { Profile = agents[index].Profile with { RequiresGpu = false } };
        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));
        Assert.Contains($"agent '{agents[index].Name}': requiresGpu must be true exactly for the heavy tier", ex.Message);
    }

    [Fact]
    public void Parse_WhenJsonMalformed_ThrowsNamingTheSource()
    {
        using var json = new MemoryStream("{\"agents\": ["u8.ToArray());
        var ex = Assert.Throws<AgentCatalogException>(() => AgentCatalog.Parse(json, "'bad.json'"));
        Assert.StartsWith("Agent catalog 'bad.json' is not valid JSON", ex.Message);
    }

    [Fact]
    public void Create_WhenCatalogPathMissing_ThrowsNamingThePath()
    {
        var ex = Assert.Throws<AgentCatalogException>(
            () => new AgentCatalog(Options.Create(new AgentCatalogOptions { CatalogPath = "/nonexistent/catalog.json" })));
        Assert.Equal("Agents:CatalogPath '/nonexistent/catalog.json' does not exist.", ex.Message);
    }

    private static IEnumerable<AgentDescriptor> Clone() => BuiltIn.Agents;
}
