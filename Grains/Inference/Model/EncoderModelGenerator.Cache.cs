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

        Directory.CreateDirectory(cacheDirectory);
        var fileName = $"builtin-encoder-{spec.Fingerprint}";
        var path = Path.Combine(cacheDirectory, fileName + ".onnx");
        if (File.Exists(path))
        {
            return path;
        }

        var bytes = Generate(spec);
        var tempPath = Path.Combine(cacheDirectory, $"{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);

                // Persist the bytes before the rename publishes them, so a crash cannot leave a
                // truncated model under the final name.
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(tempPath, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another writer published the same deterministic bytes first; use its file.
            }
        }
        finally
        {
            if (File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }

        return path;
    }
}
