using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansAgents.Inference;

namespace OrleansAgents.Agents;

/// <summary>Loads the catalog (built-in resource or <see cref="AgentCatalogOptions.CatalogPath"/>) and validates it once.</summary>
internal sealed partial class AgentCatalog : IAgentCatalog
{
    internal const string ResourceName = "OrleansAgents.Agents.catalog.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, AgentDescriptor> _byName;

    public AgentCatalog(IOptions<AgentCatalogOptions> options)
        : this(Load(options.Value.CatalogPath), options.Value.ExpectedAgentCount)
    {
    }

    internal AgentCatalog(IReadOnlyList<AgentDescriptor> agents, int expectedCount)
    {
        _byName = Validate(agents, expectedCount);
        Agents = agents;
    }

    public IReadOnlyList<AgentDescriptor> Agents { get; }

    public bool TryResolve(string nameOrAlias, [NotNullWhen(true)] out AgentDescriptor? agent)
    {
        agent = null;
        return !string.IsNullOrWhiteSpace(nameOrAlias) && _byName.TryGetValue(nameOrAlias.Trim(), out agent);
    }

    internal static IReadOnlyList<AgentDescriptor> Parse(Stream json, string source)
    {
        try
        {
            var document = JsonSerializer.Deserialize<AgentCatalogDocument>(json, JsonOptions);
            return document?.Agents ?? throw new AgentCatalogException($"Agent catalog {source} has no 'agents' array.");
        }
        catch (JsonException ex)
        {
            throw new AgentCatalogException($"Agent catalog {source} is not valid JSON: {ex.Message}");
        }
    }

    private static IReadOnlyList<AgentDescriptor> Load(string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
            {
                throw new AgentCatalogException($"Agents:CatalogPath '{path}' does not exist.");
            }

            using var file = File.OpenRead(path);
            return Parse(file, $"'{path}'");
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new AgentCatalogException($"The built-in agent catalog resource '{ResourceName}' is missing from the build.");
        return Parse(stream, "(built-in)");
    }

    private static Dictionary<string, AgentDescriptor> Validate(IReadOnlyList<AgentDescriptor> agents, int expectedCount)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, AgentDescriptor>(StringComparer.OrdinalIgnoreCase);
        if (agents.Count != expectedCount)
        {
            problems.Add($"the catalog holds {agents.Count} agents; {expectedCount} are expected");
        }

        foreach (var agent in agents)
        {
            foreach (var name in agent.Aliases.Prepend(agent.Name))
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    problems.Add($"agent '{agent.Name}': empty name or alias");
                }
                else if (!byName.TryAdd(name, agent))
                {
                    problems.Add($"agent '{agent.Name}': name or alias '{name}' is already used by '{byName[name].Name}'");
                }
            }

            problems.AddRange(CheckEntry(agent).Select(p => $"agent '{agent.Name}': {p}"));
        }

        return problems.Count == 0
            ? byName
            : throw new AgentCatalogException($"The agent catalog is invalid ({problems.Count} problem(s)): " + string.Join("; ", problems));
    }

    private static IEnumerable<string> CheckEntry(AgentDescriptor agent)
    {
        if (!KebabCase().IsMatch(agent.Name ?? ""))
        {
            yield return "the name must be lowercase kebab-case";
        }

        if (agent.Labels.Length is < 4 or > 16)
        {
            yield return $"needs 4–16 labels; has {agent.Labels.Length}";
        }

        if (agent.Labels.Any(string.IsNullOrWhiteSpace) || agent.Labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != agent.Labels.Length)
        {
            yield return "labels must be non-empty and distinct";
        }

        foreach (var problem in CheckLabelDetails(agent))
        {
            yield return problem;
        }

        if (agent.Capabilities.Length == 0)
        {
            yield return "needs at least one capability";
        }

        var p = agent.Profile;
        if (p.RequiresGpu != (agent.Tier == AgentTier.Heavy))
        {
            yield return "requiresGpu must be true exactly for the heavy tier";
        }

        if (p.TtlSeconds is < 15 or > 1800)
        {
            yield return $"ttlSeconds {p.TtlSeconds} is outside 15–1800";
        }

        if (p.Priority is < 0 or > AgentRequestValidator.MaxPriority)
        {
            yield return $"priority {p.Priority} is outside 0–{AgentRequestValidator.MaxPriority}";
        }

        if (p.TimeoutMs <= 0 || p.TimeoutMs > AgentRequestValidator.MaxTimeout.TotalMilliseconds)
        {
            yield return $"timeoutMs {p.TimeoutMs} is outside 1–{AgentRequestValidator.MaxTimeout.TotalMilliseconds:0}";
        }

        if (p.L1Bytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            yield return $"l1Bytes {p.L1Bytes} is outside 64 KiB–1 GiB";
        }

        if (p.MaxConcurrency is < 1 or > 1024)
        {
            yield return $"maxConcurrency {p.MaxConcurrency} is outside 1–1024";
        }

        if (p.SemanticThreshold is { } threshold && !ProfileRules.IsSemanticThreshold(threshold))
        {
            yield return $"semanticThreshold {threshold} is outside 0.5–1";
        }

        if (p.Model is { } model && !string.Equals(NamedModels.Canonical(model), model, StringComparison.Ordinal))
        {
            yield return $"model '{model}' is not a known model name; known: {string.Join(", ", NamedModels.Names)}";
        }
    }

    private static IEnumerable<string> CheckLabelDetails(AgentDescriptor agent)
    {
        var described = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in agent.LabelDetails)
        {
            if (!agent.Labels.Contains(detail.Label, StringComparer.Ordinal))
            {
                yield return $"labelDetails names '{detail.Label}', which is not one of its labels";
            }
            else if (!described.Add(detail.Label))
            {
                yield return $"labelDetails describes '{detail.Label}' twice";
            }

            if (detail.Examples.Length > MaxLabelExamples || detail.Examples.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"label '{detail.Label}' needs at most {MaxLabelExamples} non-empty examples; has {detail.Examples.Length}";
            }
        }
    }

    /// <summary>Most example requests a label may carry (each is embedded once per silo).</summary>
    internal const int MaxLabelExamples = 16;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
