using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OrleansAgents.Inference;

/// <summary>
/// One ONNX Runtime session of a sentence-embedding model on one device. <see cref="Embed"/> runs a padded batch and
/// returns mask-weighted mean-pooled, L2-normalised vectors. Not thread-safe by design: its batcher calls it serially.
/// </summary>
internal sealed class EmbeddingModel : IDisposable
{
    internal const string InputIds = "input_ids";
    internal const string AttentionMask = "attention_mask";
    internal const string TokenTypeIds = "token_type_ids";
    internal const string LastHiddenState = "last_hidden_state";
    internal const string SentenceEmbedding = "sentence_embedding";

    private readonly InferenceSession _session;
    private readonly bool _hasTokenTypes;
    private readonly bool _pooledOutput;
    private readonly string _outputName;

    public EmbeddingModel(InferenceSession session, ITextEncoder encoder, string device, string modelPath, string executionProvider)
    {
        _session = session;
        Encoder = encoder;
        Device = device;
        ModelPath = modelPath;
        ExecutionProvider = executionProvider;
        (_hasTokenTypes, _pooledOutput, _outputName, Dimensions) = CheckSignature(session, modelPath);
    }

    public ITextEncoder Encoder { get; }

    public string Device { get; }

    public string ModelPath { get; }

    public string ExecutionProvider { get; }

    public int Dimensions { get; }

    /// <summary>Embeds a batch of tokenized texts; row i of the result belongs to <paramref name="batch"/>[i].</summary>
    public float[][] Embed(IReadOnlyList<TokenizedText> batch)
    {
        var rows = batch.Count;
        var seq = 0;
        foreach (var item in batch)
        {
            seq = Math.Max(seq, item.Ids.Length);
        }

        var ids = new long[rows * seq];
        var mask = new long[rows * seq];
        for (var r = 0; r < rows; r++)
        {
            var source = batch[r].Ids;
            for (var t = 0; t < source.Length; t++)
            {
                ids[(r * seq) + t] = source[t];
                mask[(r * seq) + t] = 1;
            }
        }

        long[] shape = [rows, seq];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _hasTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[rows * seq], shape) : null;
        var names = _hasTokenTypes ? new[] { InputIds, AttentionMask, TokenTypeIds } : [InputIds, AttentionMask];
        var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue! } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [_outputName]);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        return _pooledOutput ? SplitAndNormalize(data, rows) : MeanPool(data, mask, rows, seq);
    }

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

    private float[][] MeanPool(ReadOnlySpan<float> hidden, long[] mask, int rows, int seq)
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

    private static void Normalize(float[] vector)
    {
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

    public void Dispose() => _session.Dispose();
}
