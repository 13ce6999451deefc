namespace OrleansAgents.Inference;

/// <summary>One text to embed.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.EmbeddingRequest")]
public sealed record EmbeddingRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] int Priority = 4);
