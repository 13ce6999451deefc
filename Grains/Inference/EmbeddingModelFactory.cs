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

    public EmbeddingModel Create(string device)
    {
        var o = options.Value;
        if (!DeviceName.TryParse(device, out var parsed))
        {
            throw new InvalidOperationException($"Inference:Devices entry '{device}' is not 'cpu' or 'cuda:N'.");
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
            if (o.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = o.IntraOpThreads;
            }

            var provider = AppendProvider(sessionOptions, parsed);
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

    private static string AppendProvider(SessionOptions sessionOptions, DeviceName device)
    {
        if (device.Kind == DeviceName.Cpu)
        {
            return "CPUExecutionProvider";
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(device.Index);
            return "CUDAExecutionProvider";
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException)
        {
            // The CPU-only native build has no CUDA entry point; say so at start rather than at the first request.
            throw new InvalidOperationException(
                $"Inference device '{device}' needs the CUDA execution provider, which this ONNX Runtime build does not have " +
                $"({ex.GetType().Name}: {ex.Message}). Install the GPU build of ONNX Runtime (libonnxruntime with " +
                "libonnxruntime_providers_cuda.so and CUDA/cuDNN on the library path) or set Inference:Devices to [\"cpu\"].", ex);
        }
    }
}
