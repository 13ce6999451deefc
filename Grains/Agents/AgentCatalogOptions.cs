using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.Agents;

/// <summary>Options of the agent catalog and request limits (configuration section <c>Agents</c>).</summary>
public sealed class AgentCatalogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Agents";

    /// <summary>A catalog JSON file to use instead of the built-in one. Default: none.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>How many agents the catalog must hold. Default 131.</summary>
    [Range(1, 100_000)]
    public int ExpectedAgentCount { get; set; } = 131;

    /// <summary>Largest request text, in UTF-8 bytes. Default 64 KiB; range 1 KiB–1 MiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = AgentRequestValidator.DefaultMaxRequestBytes;

    /// <summary>Labels returned when a request gives no <c>topK</c>. Default 3.</summary>
    [Range(1, AgentRequestValidator.MaxTopK)]
    public int DefaultTopK { get; set; } = 3;

    /// <summary>
    /// How label vectors are built: <see cref="LabelVectorMode.Described"/> (default) pools each label's description and
    /// examples with its name; <see cref="LabelVectorMode.Names"/> embeds the bare label.
    /// </summary>
    [EnumDataType(typeof(LabelVectorMode))]
    public LabelVectorMode LabelVectors { get; set; } = LabelVectorMode.Described;

    /// <summary>
    /// Whether the silo embeds every agent's labels in the background right after loading its models, and reports ready
    /// only once they are done. Default true; off, each agent embeds its labels on its first request.
    /// </summary>
    public bool WarmUpLabels { get; set; } = true;
}
