using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OrleansAgents.Inference;

/// <summary>
/// One ONNX Runtime session of a sentence-embedding model on one device. <see cref="Embed"/> runs a padded batch and
/// returns vectors pooled as the model's <see cref="NamedModel.Pooling"/> prescribes (mask-weighted mean or the [CLS]
/// token) and L2-normalised when it says so. Thread-safe: with <see cref="InferenceOptions.MaxConcurrentBatches"/> above one, runs overlap.
/// </summary>
internal sealed class EmbeddingModel : IDisposable
{
    internal const string InputIds = "input_ids";
    internal const string AttentionMask = "attention_mask";
    internal const string TokenTypeIds = "token_type_ids";
    internal const string LastHiddenState = "last_hidden_state";
    internal const string SentenceEmbedding = "sentence_embedding";

    private readonly InferenceSession _session;
    private readonly bool _pooledOutput;
    private readonly ModelRunner _runner;
    private readonly ModelRunner.Pool _pool;

    /// <param name="buffers">Where tensors live: managed arrays (CPU), or bound native/pinned buffers (GPU).</param>
    /// <param name="deviceId">The CUDA device whose pinned allocator <see cref="HostBuffers.CudaPinned"/> uses.</param>
    public EmbeddingModel(
        InferenceSession session, ITextEncoder encoder, string device, string modelPath, string executionProvider, NamedModel description,
        HostBuffers buffers = HostBuffers.Managed, int deviceId = 0)
    {
        Description = description;
        _session = session;
        Encoder = encoder;
        Device = device;
        ModelPath = modelPath;
        ExecutionProvider = executionProvider;
        (var hasTokenTypes, _pooledOutput, var outputName, Dimensions) = CheckSignature(session, modelPath);
        string[] inputNames = hasTokenTypes ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];
        _runner = buffers switch
        {
            HostBuffers.Native => BoundModelRunner.Native(session, inputNames, outputName),
            HostBuffers.CudaPinned => BoundModelRunner.CudaPinned(session, inputNames, outputName, deviceId),
            _ => new ArrayModelRunner(session, inputNames, outputName),
        };
        _pool = PoolOutput;
    }

    public ITextEncoder Encoder { get; }

    /// <summary>The model's name, pooling, normalisation, length and query prefix.</summary>
    public NamedModel Description { get; }

    public string Device { get; }

    public string ModelPath { get; }

    public string ExecutionProvider { get; }

    public int Dimensions { get; }

    /// <summary>Where the model's tensors live between runs.</summary>
    public HostBuffers Buffers => _runner.Buffers;

    /// <summary>
    /// Embeds a batch of tokenized texts, padded to the longest; row i of the result belongs to <paramref name="batch"/>[i].
    /// Input and output tensors live in pooled or reused buffers, so a run allocates only the returned vectors.
    /// </summary>
    public BatchRun Embed(IReadOnlyList<TokenizedText> batch)
    {
        var rows = batch.Count;
        var seq = 0;
        var tokens = 0;
        foreach (var item in batch)
        {
            seq = Math.Max(seq, item.Ids.Length);
            tokens += item.Ids.Length;
        }

        long[] shape = [rows, seq];
        long[] outputShape = _pooledOutput ? [rows, Dimensions] : [rows, seq, Dimensions];
        var vectors = _runner.Run(batch, shape, outputShape, _pool, out var runMs);
        return new BatchRun(vectors, runMs, 1.0 - ((double)tokens / (rows * seq)));
    }

    private float[][] PoolOutput(ReadOnlySpan<float> output, ReadOnlySpan<long> mask, int rows, int seq)
        => _pooledOutput ? SplitAndNormalize(output, rows)
            : Description.Pooling == Pooling.Cls ? ClsPool(output, rows, seq)
            : MeanPool(output, mask, rows, seq);

    private float[][] SplitAndNormalize(ReadOnlySpan<float> data, int rows)
    {
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = data.Slice(r * Dimensions, Dimensions).ToArray();
            Normalize(result[r]);
        }

        return result;
    }

    private float[][] ClsPool(ReadOnlySpan<float> hidden, int rows, int seq)
    {
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = hidden.Slice(r * seq * Dimensions, Dimensions).ToArray();
            Normalize(result[r]);
        }

        return result;
    }

    private float[][] MeanPool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int rows, int seq)
    {
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var vector = new float[Dimensions];
            var count = 0;
            for (var t = 0; t < seq; t++)
            {
                if (mask[(r * seq) + t] == 0)
                {
                    continue;
                }

                TensorPrimitives.Add(vector, hidden.Slice(((r * seq) + t) * Dimensions, Dimensions), vector);
                count++;
            }

            TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
            Normalize(vector);
            result[r] = vector;
        }

        return result;
    }

    private void Normalize(float[] vector)
    {
        if (!Description.Normalize)
        {
            return;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private static (bool TokenTypes, bool Pooled, string Output, int Dimensions) CheckSignature(InferenceSession session, string modelPath)
    {
        string Fail(string why) => throw new InvalidOperationException(
            $"Model '{modelPath}' is not a sentence-embedding model with the expected signature: {why}. " +
            $"Expected inputs {InputIds} and {AttentionMask} (int64 [batch, sequence]) and optionally {TokenTypeIds}; " +
            $"output {LastHiddenState} (float [batch, sequence, hidden]) or {SentenceEmbedding} (float [batch, hidden]).");

        var inputs = session.InputMetadata;
        foreach (var name in new[] { InputIds, AttentionMask })
        {
            if (!inputs.TryGetValue(name, out var meta) || meta.ElementDataType != TensorElementType.Int64 || meta.Dimensions.Length != 2)
            {
                Fail($"input '{name}' is missing or is not a 2-D int64 tensor");
            }
        }

        var extra = inputs.Keys.Except([InputIds, AttentionMask, TokenTypeIds]).ToList();
        if (extra.Count > 0)
        {
            Fail($"unexpected input(s) {string.Join(", ", extra)}");
        }

        var outputs = session.OutputMetadata;
        if (outputs.TryGetValue(SentenceEmbedding, out var pooled) && pooled.Dimensions.Length == 2 && pooled.Dimensions[1] > 0)
        {
            return (inputs.ContainsKey(TokenTypeIds), true, SentenceEmbedding, pooled.Dimensions[1]);
        }

        if (outputs.TryGetValue(LastHiddenState, out var hidden) && hidden.Dimensions.Length == 3 && hidden.Dimensions[2] > 0
            && hidden.ElementDataType == TensorElementType.Float)
        {
            return (inputs.ContainsKey(TokenTypeIds), false, LastHiddenState, hidden.Dimensions[2]);
        }

        Fail("no usable output");
        return default;
    }

    public void Dispose()
    {
        _runner.Dispose();
        _session.Dispose();
    }
}
