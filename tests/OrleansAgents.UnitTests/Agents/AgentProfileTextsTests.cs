using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

/// <summary>The texts of an agent's profile vector and their weights.</summary>
public sealed class AgentProfileTextsTests
{
    [Fact]
    public void For_WithDescriptionAndLabels_DescriptionNameAsWordsAndLabelsSharingTheirWeight()
    {
        var agent = new AgentDescriptor
        {
            Name = "semgrep-security-analyzer",
            Description = "Finds vulnerabilities with static analysis rules.",
            Labels = ["sql injection", "xss", "hardcoded secret"],
        };

        var texts = AgentProfileTexts.For(agent);

        Assert.Equal(
            [
                ("Finds vulnerabilities with static analysis rules.", AgentProfileTexts.DescriptionWeight),
                ("semgrep security analyzer", AgentProfileTexts.NameWeight),
                ("sql injection", 0.5f), ("xss", 0.5f), ("hardcoded secret", 0.5f),
            ],
            texts);
        Assert.Equal((1f, 0.25f, 1.5f), (AgentProfileTexts.DescriptionWeight, AgentProfileTexts.NameWeight, AgentProfileTexts.LabelsWeight));
    }

    [Fact]
    public void For_WhenDescriptionAndLabelsAreMissing_IsTheNameAlone()
    {
        var texts = AgentProfileTexts.For(new AgentDescriptor { Name = "kali-hacker", Description = " ", Labels = [""] });

        Assert.Equal([("kali hacker", AgentProfileTexts.NameWeight)], texts);
    }

    [Theory]
    [InlineData("semgrep-security-analyzer", "semgrep security analyzer")]
    [InlineData("data_drift--detector", "data drift detector")]
    [InlineData("shellgpt", "shellgpt")]
    public void NameAsWords_WhenKebabCase_SplitsIntoWords(string name, string words)
        => Assert.Equal(words, AgentProfileTexts.NameAsWords(name));
}
