namespace OrleansAgents.Inference;

/// <summary>An L2-normalised embedding and how it was computed.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.EmbeddingResult")]
public sealed record EmbeddingResult
{
    /// <summary>Unit-length mean-pooled embedding.</summary>
    [Id(0)] public required float[] Vector { get; init; }

    /// <summary>Tokens fed to the model (after truncation).</summary>
    [Id(1)] public int TokenCount { get; init; }

    /// <summary>Whether the text was cut at the maximum sequence length.</summary>
    [Id(2)] public bool Truncated { get; init; }

    /// <summary>Requests in the batch this one ran in.</summary>
    [Id(3)] public int BatchSize { get; init; }

    /// <summary>Time spent waiting for a batch, in milliseconds.</summary>
    [Id(4)] public double QueueMs { get; init; }

    /// <summary>Duration of the batch's model run, in milliseconds.</summary>
    [Id(5)] public double InferenceMs { get; init; }
}
