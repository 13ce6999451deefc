namespace OrleansAgents.Inference.Model;

/// <summary>The generated model's file cache.</summary>
internal static partial class EncoderModelGenerator
{
    /// <summary>
    /// Returns the path of <c>{cacheDirectory}/builtin-encoder-{Fingerprint}.onnx</c>, generating
    /// it first if absent. The file is written to a unique temporary name in the same directory
    /// and then moved into place without overwriting, so readers never see a partial model and a
    /// concurrent writer (another silo or process) that wins the race is simply reused.
    /// </summary>
    public static string EnsureModel(string cacheDirectory, EncoderSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();

        return ModelCacheFile.Ensure(Path.Combine(cacheDirectory, $"builtin-encoder-{spec.Fingerprint}.onnx"), () => Generate(spec));
    }
}
