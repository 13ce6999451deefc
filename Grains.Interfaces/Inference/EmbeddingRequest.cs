namespace OrleansAgents.Inference;

/// <summary>One text to embed, with its scheduling: priority (0–9, higher first) and an optional absolute deadline.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.EmbeddingRequest")]
public sealed record EmbeddingRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] int Priority = 4,
    [property: Id(2)] DateTimeOffset? Deadline = null);
