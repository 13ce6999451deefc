using Microsoft.Extensions.Options;
using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

/// <summary>Label descriptions and examples in the catalog, and how they make up label vectors.</summary>
public sealed class LabelDetailsTests
{
    private static readonly AgentCatalog BuiltIn = new(Options.Create(new AgentCatalogOptions()));

    [Fact]
    public void Load_WhenBuiltIn_DescribesEveryLabelOfEveryAgentWithFourExamples()
    {
        Assert.All(BuiltIn.Agents, agent =>
        {
            Assert.Equal(agent.Labels, agent.LabelDetails.Select(d => d.Label));
            Assert.All(agent.LabelDetails, d => Assert.Equal((true, 4), (d.Description.Length > 0, d.Examples.Length)));
        });
    }

    [Fact]
    public void Create_WhenADetailNamesAnUnknownLabelOrRepeatsOne_ThrowsNamingBoth()
    {
        var agents = BuiltIn.Agents.ToList();
        var first = agents[0];
        agents[0] = first with
        {
            LabelDetails = [.. first.LabelDetails, new LabelDetail { Label = "no such label" }, first.LabelDetails[0]],
        };

        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));

        Assert.Contains($"agent '{first.Name}': labelDetails names 'no such label', which is not one of its labels", ex.Message);
        Assert.Contains($"agent '{first.Name}': labelDetails describes '{first.Labels[0]}' twice", ex.Message);
    }

    [Fact]
    public void Create_WhenALabelHasTooManyOrBlankExamples_Throws()
    {
        var agents = BuiltIn.Agents.ToList();
        var first = agents[0];
        agents[0] = first with
        {
            LabelDetails = [first.LabelDetails[0] with { Examples = [.. Enumerable.Repeat("an example", 17)] }, first.LabelDetails[1] with { Examples = [" "] }],
        };

        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));

        Assert.Contains($"label '{first.Labels[0]}' needs at most 16 non-empty examples; has 17", ex.Message);
        Assert.Contains($"label '{first.Labels[1]}' needs at most 16 non-empty examples; has 1", ex.Message);
    }

    [Fact]
    public void Create_WhenSemanticThresholdOutOfRange_ThrowsNamingIt()
    {
        var agents = BuiltIn.Agents.ToList();
        agents[0] = agents[0] with { Profile = agents[0].Profile with { SemanticThreshold = 0.3 } };

        var ex = Assert.Throws<AgentCatalogException>(() => new AgentCatalog(agents, 131));

        Assert.Contains($"agent '{agents[0].Name}': semanticThreshold 0.3 is outside 0.5–1", ex.Message);
    }

    [Fact]
    public void For_WhenDescribed_WeighsTheNameTheDescriptionAndTheExamplesSharingTheirWeight()
    {
        var agent = Agent(new LabelDetail { Label = "b", Description = "about b", Examples = ["b one", "b two"] });

        var texts = LabelPrototypes.For(agent, LabelVectorMode.Described);

        Assert.Equal([("a", 1f)], texts[0]);
        Assert.Equal([("b", 1f), ("about b", 1f), ("b one", 1.5f), ("b two", 1.5f)], texts[1]);
    }

    [Fact]
    public void For_WhenNames_IgnoresTheDetails()
    {
        var agent = Agent(new LabelDetail { Label = "b", Description = "about b", Examples = ["b one"] });

        Assert.Equal([[("a", 1f)], [("b", 1f)]], LabelPrototypes.For(agent, LabelVectorMode.Names));
    }

    [Fact]
    public void For_WhenADetailHasNoDescription_UsesTheNameAndTheExamples()
    {
        var agent = Agent(new LabelDetail { Label = "a", Examples = ["a one"] });

        Assert.Equal([("a", 1f), ("a one", 3f)], LabelPrototypes.For(agent, LabelVectorMode.Described)[0]);
    }

    [Fact]
    public void Pool_WhenWeighted_ReturnsTheUnitLengthWeightedSum()
    {
        var pooled = LabelPrototypes.Pool([[1f, 0f], [0f, 1f]], [3f, 4f]);

        Assert.Equal([0.6f, 0.8f], pooled);
    }

    [Fact]
    public void Pool_WhenOneVector_ReturnsItUnchanged()
    {
        float[] only = [0.6f, 0.8f];

        Assert.Same(only, LabelPrototypes.Pool([only], [1f]));
    }

    private static AgentDescriptor Agent(params LabelDetail[] details) => new() { Name = "x", Labels = ["a", "b"], LabelDetails = details };
}
