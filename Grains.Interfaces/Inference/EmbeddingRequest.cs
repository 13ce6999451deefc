namespace OrleansAgents.Inference;

/// <summary>
/// One text to embed, with its scheduling: priority (0–9, higher first), an optional absolute deadline and the tenant
/// whose share of the device queue it uses (<see langword="null"/>: the anonymous tenant, which the share does not cap:
/// callers without a tenant and the silo's own label embeddings), and the model to embed with (<see langword="null"/>:
/// the silo's default, <c>Inference:Model</c>); requests batch only with requests of the same model.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.EmbeddingRequest")]
public sealed record EmbeddingRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] int Priority = 4,
    [property: Id(2)] DateTimeOffset? Deadline = null,
    [property: Id(3)] string? Tenant = null,
    [property: Id(4)] string? Model = null);
