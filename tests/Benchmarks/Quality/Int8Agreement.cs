using Microsoft.Extensions.Options;
using OrleansAgents.Inference;

namespace OrleansAgents.Benchmarks.Quality;

/// <summary>How far an int8 model's embeddings of the eval texts turned from its float source's: cosine mean and min.</summary>
internal static class Int8Agreement
{
    private const int Batch = 32;

    /// <summary>Prints a line per int8 model in <paramref name="models"/> and returns the figures by model.</summary>
    public static Dictionary<string, (double Mean, double Min)> Report(IEnumerable<string> models, IReadOnlyList<string> texts)
    {
        var figures = new Dictionary<string, (double Mean, double Min)>(StringComparer.Ordinal);
        foreach (var model in models.Where(NamedModels.Int8Sources.ContainsKey))
        {
            var source = NamedModels.Int8Sources[model];
            var expected = Embed(source, texts);
            var actual = Embed(model, texts);
            var cosines = expected.Zip(actual, Dot).ToArray();
            figures[model] = (cosines.Average(), cosines.Min());
            Console.WriteLine($"{model} against {source} over {texts.Count} texts: cosine mean {cosines.Average():0.0000}, min {cosines.Min():0.0000}");
        }

        return figures;
    }

    private static float[][] Embed(string name, IReadOnlyList<string> texts)
    {
        var options = new InferenceOptions { Model = name, CacheDirectory = Path.Combine(Path.GetTempPath(), "orleans-agents-bench") };
        using var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
        return [.. texts.Chunk(Batch).SelectMany(chunk => model.Embed([.. chunk.Select(t => model.Encoder.Encode(t, options.MaxSequenceLength))]).Vectors)];
    }

    // The vectors are unit length, so their dot product is their cosine.
    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
