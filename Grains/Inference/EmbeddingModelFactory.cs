using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using OrleansAgents.Inference.Model;
using OrleansAgents.Inference.Quantization;

namespace OrleansAgents.Inference;

/// <summary>Creates the session of each device: a named model, the built-in generated encoder, or a model given by path.</summary>
internal sealed class EmbeddingModelFactory(IOptions<InferenceOptions> options)
{
    /// <summary>The built-in encoder's shape.</summary>
    internal static EncoderSpec BuiltInSpec => EncoderSpec.Default;

    /// <summary>Creates the session of <paramref name="model"/> on <paramref name="device"/>.</summary>
    /// <param name="device">A device name from <see cref="InferenceOptions.Devices"/>.</param>
    /// <param name="useGlobalThreadPool">Run on the ONNX Runtime environment's global thread pool instead of a per-session
    /// one; the environment must have been created with global threading options.</param>
    /// <param name="model">A model name (<see cref="NamedModels"/>); default: <see cref="InferenceOptions.DefaultModelName"/>.</param>
    public EmbeddingModel Create(string device, bool useGlobalThreadPool = false, string? model = null)
    {
        var o = options.Value;
        if (!DeviceName.TryParse(device, out var parsed))
        {
            throw new InvalidOperationException($"Inference:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.");
        }

        var source = Resolve(o, model);
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            if (useGlobalThreadPool)
            {
                sessionOptions.DisablePerSessionThreads();
            }
            else if (o.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = o.IntraOpThreads;
            }

            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", o.IntraOpSpinning ? "1" : "0");
            var provider = ExecutionProviders.Append(sessionOptions, parsed, o);
            InferenceSession session;
            try
            {
                session = source.Bytes is { } bytes ? new InferenceSession(bytes, sessionOptions) : new InferenceSession(source.Location, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new InvalidOperationException($"Model '{source.Location}' could not be loaded by ONNX Runtime: {ex.Message}", ex);
            }

            try
            {
                // GPUs get pinned host buffers bound once per run; the CPU keeps its pooled arrays (no copies to save there).
                var buffers = parsed.Kind is DeviceName.Cuda or DeviceName.TensorRt ? HostBuffers.CudaPinned : HostBuffers.Managed;
                return new EmbeddingModel(session, source.Encoder, parsed.ToString(), source.Location, provider, source.Description, buffers, parsed.Index);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        finally
        {
            sessionOptions.Dispose();
        }
    }

    /// <summary>The model to load: its bytes or path, its tokenizer and its description.</summary>
    private static (string Location, byte[]? Bytes, ITextEncoder Encoder, NamedModel Description) Resolve(InferenceOptions o, string? requested)
    {
        var name = requested ?? o.EffectiveModel;
        if (name is null || (!string.IsNullOrEmpty(o.ModelPath) && string.Equals(name, o.ModelPath, StringComparison.Ordinal)))
        {
            return (o.ModelPath!, null, new BertTextEncoder(BertTokenizer.Create(o.VocabPath!)), NamedModels.FromPath(o.ModelPath!));
        }

        if (NamedModels.IsBuiltIn(name))
        {
            var fp16 = string.Equals(name, NamedModels.BuiltInTinyFp16, StringComparison.OrdinalIgnoreCase);
            var path = EncoderModelGenerator.EnsureModel(o.EffectiveCacheDirectory, BuiltInSpec with { Float16 = fp16 });
            return (path, null, new TiktokenTextEncoder(BuiltInSpec.VocabSize), fp16 ? NamedModels.BuiltInFp16 : NamedModels.BuiltIn);
        }

        var int8 = NamedModels.Int8Sources.TryGetValue(name, out var sourceName);
        if (!NamedModels.Packaged.TryGetValue(int8 ? sourceName! : name, out var model))
        {
            throw new InvalidOperationException($"Inference:Model '{name}' is not a known model; known: {string.Join(", ", NamedModels.Names)}.");
        }

        var (bytes, vocab) = NamedModelResources.Open(model);
        using (vocab)
        {
            if (int8)
            {
                // Quantized from the packaged float model on first use; the same tokenizer and pooling apply.
                var int8Name = $"{model.Name}-int8";
                var path = Int8ModelCache.Ensure(o.EffectiveCacheDirectory, int8Name, bytes);
                return (path, null, new BertTextEncoder(BertTokenizer.Create(vocab)), model with { Name = int8Name });
            }

            return ($"{model.Name} ({model.Package})", bytes, new BertTextEncoder(BertTokenizer.Create(vocab)), model);
        }
    }
}
