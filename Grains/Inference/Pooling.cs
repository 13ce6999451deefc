namespace OrleansAgents.Inference;

/// <summary>How a model's per-token hidden states become one sentence vector.</summary>
internal enum Pooling
{
    /// <summary>The attention-mask-weighted mean of every token's hidden state.</summary>
    Mean,

    /// <summary>The hidden state of the first ([CLS]) token.</summary>
    Cls,
}
