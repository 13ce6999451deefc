namespace OrleansAgents.Client;

/// <summary>Settings of the SDK's embedding generator (<c>AddAgentEmbeddingGenerator</c>).</summary>
public sealed class AgentEmbeddingGeneratorOptions
{
    /// <summary>
    /// The model id reported in the generator's metadata and on each embedding; <see langword="null"/> (default) when not
    /// stated. The cluster's model is whatever its silos serve (<c>GET /v1/models</c> names it).
    /// </summary>
    public string? ModelId { get; set; }
}
