namespace OrleansAgents.Inference;

/// <summary>What a device's model is.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.ModelInfo")]
public sealed record ModelInfo(
    [property: Id(0)] string Device,
    [property: Id(1)] string ModelPath,
    [property: Id(2)] int Dimensions,
    [property: Id(3)] int MaxSequenceLength,
    [property: Id(4)] string ExecutionProvider);
