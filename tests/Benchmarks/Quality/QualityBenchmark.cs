using System.Globalization;
using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Benchmarks.Quality;

/// <summary>
/// <c>quality [--model M]… [--data FILE]… [--json FILE]</c>: zero-shot accuracy of the agents' answers. Every labelled
/// request is sent to its agent through a real in-process silo (cache off, top 3), once with label vectors built from
/// the bare label names and once from the labels' descriptions and examples (<c>Agents:LabelVectors</c>), per model;
/// prints top-1 and top-3 overall and per agent.
/// </summary>
internal static class QualityBenchmark
{
    public const string DefaultData = "zero-shot-eval.jsonl";
    private const int Concurrency = 8;

    public static async Task<int> RunAsync(string[] models, string[] data, string? json)
    {
        var cases = LabelledData.Load<ZeroShotCase>(data);
        Console.WriteLine($"{cases.Count} labelled requests to {cases.Select(c => c.Agent).Distinct().Count()} agents from {string.Join(", ", data.Select(Path.GetFileName))}; " +
                          $"chance top-1 {100 * ChanceTop1(cases):0.0}%.");
        var runs = new List<Run>();
        foreach (var model in models)
        {
            foreach (var mode in new[] { LabelVectorMode.Names, LabelVectorMode.Described })
            {
                Console.WriteLine($"running {model} with {mode.ToString().ToLowerInvariant()} labels …");
                runs.Add(await RunAsync(model, mode, cases));
            }
        }

        Print(runs);
        var agreement = Int8Agreement.Report(models, [.. cases.Select(c => c.Text)]);
        if (json is not null)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(runs.Select(r => new
            {
                r.Model,
                labels = r.Mode.ToString().ToLowerInvariant(),
                top1 = r.Top1,
                top3 = r.Top3,
                perAgent = r.PerAgent.ToDictionary(a => a.Key, a => new { top1 = a.Value.Top1, top3 = a.Value.Top3, n = a.Value.Count }),
                cosineToSource = agreement.TryGetValue(r.Model, out var c) ? new { mean = c.Mean, min = c.Min } : null,
            }), new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {json}");
        }

        return 0;
    }

    private static async Task<Run> RunAsync(string model, LabelVectorMode mode, List<ZeroShotCase> cases)
    {
        await using var silo = await BenchmarkSilo.StartAsync(model, new Dictionary<string, string?> { ["Agents:LabelVectors"] = mode.ToString() });
        var ranks = new int[cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var c = cases[i];
            var answer = await silo.Grains.GetGrain<IAgentGrain>(c.Agent).InvokeAsync(new AgentRequest { Text = c.Text, TopK = 3, CacheEnabled = false });
            ranks[i] = Array.FindIndex(answer.Labels, l => l.Label == c.Label);
        });

        var perAgent = cases.Select((c, i) => (c.Agent, Rank: ranks[i]))
            .GroupBy(x => x.Agent)
            .ToDictionary(g => g.Key, g => new Score(g.Count(), Share(g, x => x.Rank == 0), Share(g, x => x.Rank >= 0)), StringComparer.Ordinal);
        return new Run(model, mode, ranks.Count(r => r == 0) / (double)ranks.Length, ranks.Count(r => r >= 0) / (double)ranks.Length, perAgent);
    }

    private static double Share<T>(IEnumerable<T> items, Func<T, bool> predicate)
    {
        var list = items.ToList();
        return list.Count(predicate) / (double)list.Count;
    }

    private static double ChanceTop1(List<ZeroShotCase> cases)
    {
        var catalog = new AgentCatalog(Microsoft.Extensions.Options.Options.Create(new AgentCatalogOptions()));
        return cases.Average(c => catalog.TryResolve(c.Agent, out var agent) ? 1.0 / agent.Labels.Length : throw new InvalidDataException($"Unknown agent '{c.Agent}'."));
    }

    private static void Print(List<Run> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"{"model",-20} {"labels",-10} {"top-1",7} {"top-3",7}");
        foreach (var r in runs)
        {
            Console.WriteLine($"{r.Model,-20} {r.Mode.ToString().ToLowerInvariant(),-10} {Percent(r.Top1),7} {Percent(r.Top3),7}");
        }

        Console.WriteLine();
        Console.WriteLine("top-1 per agent (names → described labels):");
        var models = runs.Select(r => r.Model).Distinct().ToList();
        Console.WriteLine($"{"agent",-40} {"n",3} " + string.Join(" ", models.Select(m => $"{m,22}")));
        foreach (var agent in runs[0].PerAgent.Keys.Order(StringComparer.Ordinal))
        {
            var cells = models.Select(m =>
            {
                var names = runs.Single(r => r.Model == m && r.Mode == LabelVectorMode.Names).PerAgent[agent].Top1;
                var described = runs.Single(r => r.Model == m && r.Mode == LabelVectorMode.Described).PerAgent[agent].Top1;
                return $"{$"{Percent(names)} → {Percent(described)}",22}";
            });
            Console.WriteLine($"{agent,-40} {runs[0].PerAgent[agent].Count,3} " + string.Join(" ", cells));
        }
    }

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private sealed record Score(int Count, double Top1, double Top3);

    private sealed record Run(string Model, LabelVectorMode Mode, double Top1, double Top3, Dictionary<string, Score> PerAgent);
}
