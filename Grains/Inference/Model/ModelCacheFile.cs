namespace OrleansAgents.Inference.Model;

/// <summary>Publishes a model file in the model cache so that readers never see a partial file.</summary>
internal static class ModelCacheFile
{
    /// <summary>
    /// Returns <paramref name="path"/>, first writing the bytes <paramref name="produce"/> returns when no file is there.
    /// The bytes go to a unique temporary name in the same directory and are then moved into place without overwriting,
    /// so a concurrent writer (another silo or process) that wins the race is simply reused.
    /// </summary>
    public static string Ensure(string path, Func<byte[]> produce)
    {
        ArgumentNullException.ThrowIfNull(produce);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var bytes = produce();
        var tempPath = $"{path}.{Guid.NewGuid():N}.tmp";
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
                // Another writer published the same bytes (the name carries their fingerprint) first; use its file.
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
