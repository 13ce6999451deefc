namespace OrleansAgents.Inference;

/// <summary>
/// One text to embed, with its scheduling: priority (0–9, higher first), an optional absolute deadline and the tenant
/// whose share of the device queue it uses (<see langword="null"/>: the anonymous tenant, one share for all unnamed callers).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.EmbeddingRequest")]
public sealed record EmbeddingRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] int Priority = 4,
    [property: Id(2)] DateTimeOffset? Deadline = null,
    [property: Id(3)] string? Tenant = null)
{
    /// <summary>
    /// The silo's own work (the agents' label embeddings at activation): never capped by the tenant share, so a flooding
    /// tenant cannot stop agents from activating. Empty, which no caller can name (tenants are 1–128 characters).
    /// </summary>
    public const string SystemTenant = "";
}
