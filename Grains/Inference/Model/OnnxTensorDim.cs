namespace OrleansAgents.Inference.Model;

/// <summary>
/// One dimension of a graph input or output: either a fixed size or a symbolic name such as
/// "batch", which ONNX Runtime reports as -1 and lets vary per run.
/// </summary>
/// <param name="Symbol">Symbolic name, or <see langword="null"/> for a fixed size.</param>
/// <param name="Size">Fixed size; ignored when <paramref name="Symbol"/> is set.</param>
internal readonly record struct OnnxTensorDim(string? Symbol, long Size)
{
    /// <summary>A dimension that varies per run, named <paramref name="symbol"/>.</summary>
    public static OnnxTensorDim Symbolic(string symbol) => new(symbol, 0);

    /// <summary>A dimension of fixed <paramref name="size"/>.</summary>
    public static OnnxTensorDim Fixed(long size) => new(null, size);
}
