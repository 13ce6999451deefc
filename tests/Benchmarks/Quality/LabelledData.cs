using System.Text.Json;

namespace OrleansAgents.Benchmarks.Quality;

/// <summary>A request and the label it deserves from an agent (<c>tests/Data/zero-shot-eval.jsonl</c>).</summary>
internal sealed record ZeroShotCase(string Agent, string Label, string Text);

/// <summary>Two requests to an agent and whether they deserve the same answer (<c>tests/Data/semantic-pairs.jsonl</c>).</summary>
internal sealed record SemanticPair(string Agent, string A, string B, bool Same, string Kind);

/// <summary>A task for a capability and the candidates that are right for it (<c>tests/Data/routing-tasks.jsonl</c>).</summary>
internal sealed record RoutingTask(string Capability, string Text, string[] Agents);

/// <summary>The labelled JSON Lines sets under <c>tests/Data</c>, copied next to the benchmark binary.</summary>
internal static class LabelledData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The default path of a set: <c>Data/NAME</c> next to the benchmark binary.</summary>
    public static string DefaultPath(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>Every line of every file in <paramref name="paths"/>; a malformed line fails naming its file and line.</summary>
    public static List<T> Load<T>(IEnumerable<string> paths)
    {
        var items = new List<T>();
        foreach (var path in paths)
        {
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    items.Add(JsonSerializer.Deserialize<T>(line, Json) ?? throw new JsonException("null"));
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{path}:{number}: not a {typeof(T).Name}: {ex.Message}", ex);
                }
            }
        }

        return items;
    }
}
