namespace OrleansAgents.Inference;

/// <summary>
/// Runs one padded batch through a session: lays the token ids and the attention mask out as
/// <c>[rows, sequence]</c> tensors, runs the model and hands its output and the mask to a pooling step. Implementations
/// differ in where the tensors live (<see cref="HostBuffers"/>); all of them must be safe to call from several threads.
/// </summary>
internal abstract class ModelRunner : IDisposable
{
    /// <summary>Turns the model's output (and the mask, for mean pooling) into one vector per row.</summary>
    public delegate float[][] Pool(ReadOnlySpan<float> output, ReadOnlySpan<long> mask, int rows, int sequence);

    /// <summary>Where this runner keeps its tensors.</summary>
    public abstract HostBuffers Buffers { get; }

    /// <summary>Runs <paramref name="batch"/> padded to <paramref name="inputShape"/> and pools the output.</summary>
    /// <param name="batch">The tokenized texts, one per row.</param>
    /// <param name="inputShape"><c>[rows, sequence]</c>.</param>
    /// <param name="outputShape">The output tensor's shape for this batch.</param>
    /// <param name="pool">The pooling step; runs while the buffers are still held.</param>
    /// <param name="runMs">The model run's duration, binding included.</param>
    public abstract float[][] Run(IReadOnlyList<TokenizedText> batch, long[] inputShape, long[] outputShape, Pool pool, out double runMs);

    public abstract void Dispose();

    /// <summary>Writes the padded ids and the mask (1 for real tokens, 0 for padding) and zeroes the token types.</summary>
    protected static void Fill(IReadOnlyList<TokenizedText> batch, int sequence, Span<long> ids, Span<long> mask, Span<long> types)
    {
        ids.Clear();
        mask.Clear();
        types.Clear();
        for (var r = 0; r < batch.Count; r++)
        {
            var source = batch[r].Ids;
            var row = ids.Slice(r * sequence, source.Length);
            for (var t = 0; t < source.Length; t++)
            {
                row[t] = source[t];
            }

            mask.Slice(r * sequence, source.Length).Fill(1L);
        }
    }

    /// <summary>The element count of a tensor of <paramref name="shape"/>.</summary>
    protected static int Elements(long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        return checked((int)count);
    }
}
