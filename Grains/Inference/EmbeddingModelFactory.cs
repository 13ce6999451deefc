using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using OrleansAgents.Inference.Model;

namespace OrleansAgents.Inference;

/// <summary>Creates the session of each device: the configured model or the built-in generated encoder.</summary>
internal sealed class EmbeddingModelFactory(IOptions<InferenceOptions> options)
{
    /// <summary>The built-in encoder's shape.</summary>
    internal static EncoderSpec BuiltInSpec => EncoderSpec.Default;

    /// <summary>Creates the session of <paramref name="device"/>.</summary>
    /// <param name="device">A device name from <see cref="InferenceOptions.Devices"/>.</param>
    /// <param name="useGlobalThreadPool">Run on the ONNX Runtime environment's global thread pool instead of a per-session
    /// one; the environment must have been created with global threading options.</param>
    public EmbeddingModel Create(string device, bool useGlobalThreadPool = false)
    {
        var o = options.Value;
        if (!DeviceName.TryParse(device, out var parsed))
        {
            throw new InvalidOperationException($"Inference:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.");
        }

        string modelPath;
        ITextEncoder encoder;
        if (string.IsNullOrEmpty(o.ModelPath))
        {
            modelPath = EncoderModelGenerator.EnsureModel(o.EffectiveCacheDirectory, BuiltInSpec);
            encoder = new TiktokenTextEncoder(BuiltInSpec.VocabSize);
        }
        else
        {
            modelPath = o.ModelPath;
            encoder = new BertTextEncoder(BertTokenizer.Create(o.VocabPath!));
        }

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
                session = new InferenceSession(modelPath, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new InvalidOperationException($"Model '{modelPath}' could not be loaded by ONNX Runtime: {ex.Message}", ex);
            }

            try
            {
                return new EmbeddingModel(session, encoder, parsed.ToString(), modelPath, provider);
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
}
