using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using OrleansAgents.Inference;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// The built-in encoder's ONNX Runtime run at batch 1, 8 and 32 with 32-token requests. Each method reports the cost
/// per request (OperationsPerInvoke = batch size), so the Ratio column is what batching saves per request.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingModelBenchmarks
{
    private EmbeddingModel _model = null!;
    private TokenizedText[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new InferenceOptions { Model = NamedModels.BuiltInTiny, CacheDirectory = Path.Combine(Path.GetTempPath(), "orleans-agents-bench") };
        _model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
        // 30 words → 32 tokens with [CLS]/[SEP], varied so rows differ.
        _requests = [.. Enumerable.Range(0, 32).Select(i => _model.Encoder.Encode(
            string.Join(' ', Enumerable.Range(i, 30).Select(w => $"w{w}")), 32))];
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public float[][] Batch1() => _model.Embed(_requests[..1]).Vectors;

    [Benchmark(OperationsPerInvoke = 8)]
    public float[][] Batch8() => _model.Embed(_requests[..8]).Vectors;

    [Benchmark(OperationsPerInvoke = 32)]
    public float[][] Batch32() => _model.Embed(_requests).Vectors;
}
