using OrleansAgents.Inference;
using OrleansAgents.Inference.Quantization;
using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Prepares models ahead of time, so that a silo's first start does not pay for it.</summary>
public static class ModelCommands
{
    /// <summary>
    /// <c>dotnet run --project Silo -- quantize [--model all-MiniLM-L6-v2] [--output DIR]</c>: writes the int8 variant
    /// of a packaged model into DIR (default: <c>Inference:CacheDirectory</c>, where <c>Inference:Model=NAME-int8</c>
    /// looks for it) and exits; an up-to-date file is reused.
    /// </summary>
    public static int Quantize(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var name = configuration["model"] ?? NamedModels.Default;
        var sourceName = NamedModels.Int8Sources.TryGetValue(name, out var source) ? source : name;
        if (!NamedModels.Packaged.TryGetValue(sourceName, out var model))
        {
            Console.Error.WriteLine($"quantize: '{name}' is not a packaged model; known: {string.Join(", ", NamedModels.Packaged.Keys)}.");
            return 2;
        }

        var inference = configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>() ?? new InferenceOptions();
        var output = configuration["output"] is { Length: > 0 } dir ? dir : inference.EffectiveCacheDirectory;
        var (bytes, vocab) = NamedModelResources.Open(model);
        vocab.Dispose();
        var path = Int8ModelCache.Ensure(output, $"{model.Name}-int8", bytes);
        var quantized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var fused = quantized.Graph.Node.Count(n => n.OpType == DynamicInt8Quantizer.FusedOperator);
        Console.WriteLine($"quantize: {model.Name} ({bytes.Length / 1e6:0.0} MB) -> {path} ({new FileInfo(path).Length / 1e6:0.0} MB, " +
                          $"{fused} MatMul/Gemm nodes with int8 weights); select it with Inference:Model={model.Name}-int8 " +
                          $"and Inference:CacheDirectory={Path.GetFullPath(output)}.");
        return 0;
    }
}
