namespace OrleansAgents.Agents;

/// <summary>
/// The texts whose embeddings make up an agent's profile vector (what the router matches a task's text against), and
/// their weights: the agent's description, its name as words (kebab case to spaces) and its label names, which share
/// <see cref="LabelsWeight"/> equally so that an agent with many labels is not pulled further from its description
/// than one with few. Pooled as <see cref="LabelPrototypes.Pool"/> does; texts that are empty are left out.
/// </summary>
internal static class AgentProfileTexts
{
    // Measured on tests/Data/routing-tasks.jsonl (README, Routing): the description and the labels carry the meaning; the
    // name mostly repeats the description, and its tool names (kali, semgrep) mean little to a model, so it weighs little.
    internal const float DescriptionWeight = 1f;
    internal const float NameWeight = 0.25f;
    internal const float LabelsWeight = 1.5f;

    /// <summary><paramref name="agent"/>'s profile texts, each with its weight.</summary>
    public static (string Text, float Weight)[] For(AgentDescriptor agent)
    {
        var texts = new List<(string, float)>();
        if (!string.IsNullOrWhiteSpace(agent.Description))
        {
            texts.Add((agent.Description, DescriptionWeight));
        }

        var name = NameAsWords(agent.Name);
        if (name.Length > 0)
        {
            texts.Add((name, NameWeight));
        }

        var labels = agent.Labels.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        texts.AddRange(labels.Select(l => (l, LabelsWeight / labels.Count)));
        return [.. texts];
    }

    /// <summary>A kebab-case name as words: <c>semgrep-security-analyzer</c> → <c>semgrep security analyzer</c>.</summary>
    public static string NameAsWords(string name)
        => string.Join(' ', name.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
