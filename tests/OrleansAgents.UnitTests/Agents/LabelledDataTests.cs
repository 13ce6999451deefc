using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Agents;

/// <summary>
/// The labelled sets the quality benchmarks read (<c>tests/Data</c>) name only agents, labels and capabilities the
/// built-in catalog has, in the sizes the benchmarks report on.
/// </summary>
public sealed class LabelledDataTests
{
    private static readonly AgentCatalog Catalog = new(Options.Create(new AgentCatalogOptions()));

    [Fact]
    public void ZeroShotSet_HasOver400RequestsAcross25AgentsEachWithOneOfItsAgentsLabels()
    {
        var cases = Lines("zero-shot-eval.jsonl");

        Assert.All(cases, c => Assert.Contains(Text(c, "label"), Agent(c).Labels));
        Assert.True(cases.Count >= 400, $"{cases.Count} requests");
        Assert.True(cases.Select(c => Text(c, "agent")).Distinct().Count() >= 25);
        Assert.Equal(cases.Count, cases.Select(c => Text(c, "text")).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void SemanticPairs_HaveOver300PairsOfBothKindsForKnownAgents()
    {
        var pairs = Lines("semantic-pairs.jsonl");

        Assert.All(pairs, p => Assert.NotEqual(Text(p, "a"), Text(p, "b")));
        Assert.All(pairs, p => Agent(p));
        Assert.True(pairs.Count >= 300, $"{pairs.Count} pairs");
        Assert.Equal([false, true], pairs.Select(p => p.GetProperty("same").GetBoolean()).Distinct().Order());
    }

    [Fact]
    public void RoutingTasks_NameOnlyCandidatesOfTheirCapabilityAndNeverAllOfThem()
    {
        var tasks = Lines("routing-tasks.jsonl");

        Assert.All(tasks, t =>
        {
            var capability = Text(t, "capability");
            var candidates = Catalog.Agents.Where(a => a.Capabilities.Contains(capability)).Select(a => a.Name).ToList();
            var right = t.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!).ToList();
            Assert.All(right, agent => Assert.Contains(agent, candidates));
            Assert.InRange(right.Count, 1, candidates.Count - 1);
        });
        Assert.Equal(21, tasks.Select(t => Text(t, "capability")).Distinct().Count());
    }

    private static AgentDescriptor Agent(JsonElement line)
        => Catalog.TryResolve(Text(line, "agent"), out var agent) ? agent : throw new Xunit.Sdk.XunitException($"Unknown agent in {line}");

    private static string Text(JsonElement line, string name) => line.GetProperty(name).GetString()!;

    private static List<JsonElement> Lines(string file) => [.. File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", file))
        .Where(l => l.Length > 0)
        .Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
