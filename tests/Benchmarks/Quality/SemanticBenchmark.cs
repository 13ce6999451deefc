using System.Globalization;
using System.Numerics.Tensors;
using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Benchmarks.Quality;

/// <summary>
/// <c>semantic [--model M] [--data FILE]… [--threshold T]</c>: false and true hits of the semantic cache on labelled
/// request pairs. Each pair goes through a real agent with the cache on (request A, then B, private to a user of its
/// own so pairs never meet): a hit is B answered from any cache layer. The cosine of each pair (the model's own
/// embeddings) gives the sweep of thresholds around the configured one, with the cosine alone and with the terms guard
/// (<c>Caching:SemanticGuard</c>); the guarded figures must agree with what the agents did.
/// </summary>
internal static class SemanticBenchmark
{
    public const string DefaultData = "semantic-pairs.jsonl";
    private static readonly double[] Sweep = [0.85, 0.88, 0.90, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];

    public static async Task<int> RunAsync(string model, string[] data, double threshold)
    {
        var pairs = LabelledData.Load<SemanticPair>(data);
        Console.WriteLine($"{pairs.Count(p => p.Same)} pairs that deserve one answer and {pairs.Count(p => !p.Same)} near-misses that do not, " +
                          $"over {pairs.Select(p => p.Agent).Distinct().Count()} agents; {model}, Caching:SemanticThreshold {threshold:0.00}.");
        await using var silo = await BenchmarkSilo.StartAsync(model, new Dictionary<string, string?>
        {
            ["Caching:SemanticEnabled"] = "true",
            ["Caching:SemanticThreshold"] = threshold.ToString(CultureInfo.InvariantCulture),
            ["Caching:SemanticGuard"] = nameof(SemanticGuardMode.Terms),
        });

        var cosines = new float[pairs.Count];
        var hits = new bool[pairs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var pair = pairs[i];
            var agent = silo.Grains.GetGrain<IAgentGrain>(pair.Agent);
            var user = $"pair-{i}";
            await agent.InvokeAsync(new AgentRequest { Text = pair.A, UserId = user, Sensitivity = Sensitivity.Private });
            var second = await agent.InvokeAsync(new AgentRequest { Text = pair.B, UserId = user, Sensitivity = Sensitivity.Private });
            hits[i] = second.CacheLayer != CacheLayer.None;
            var (a, b) = (await silo.EmbedAsync(pair.A), await silo.EmbedAsync(pair.B));
            cosines[i] = TensorPrimitives.Dot(a, b);
        });

        var agree = pairs.Select(p => SemanticTerms.Agree(SemanticTerms.Of(p.A), SemanticTerms.Of(p.B))).ToArray();
        var guarded = cosines.Select((c, i) => agree[i] ? c : float.NegativeInfinity).ToArray();
        var disagreements = Enumerable.Range(0, pairs.Count).Count(i => hits[i] != (guarded[i] >= threshold - 1e-6));
        Console.WriteLine();
        Console.WriteLine($"{"",9} {"cosine alone",29} {"cosine and terms guard",29}");
        Console.WriteLine($"{"threshold",9} {"false hits",14} {"true hits",14} {"false hits",14} {"true hits",14}");
        foreach (var t in Sweep.Append(threshold).Distinct().Order())
        {
            Console.WriteLine($"{t,9:0.00} {Rate(pairs, cosines, t, same: false),14} {Rate(pairs, cosines, t, same: true),14} " +
                              $"{Rate(pairs, guarded, t, same: false),14} {Rate(pairs, guarded, t, same: true),14}{(Math.Abs(t - threshold) < 1e-9 ? "  ← configured" : "")}");
        }

        Console.WriteLine();
        Console.WriteLine($"at {threshold:0.00} with the terms guard, by kind (through the agents):");
        Console.WriteLine($"{"kind",-14} {"same",5} {"pairs",6} {"hits",5} {"mean cos",9} {"max cos",8}");
        foreach (var kind in pairs.Select((p, i) => (p, i)).GroupBy(x => (x.p.Same, x.p.Kind)).OrderBy(g => g.Key.Same).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            Console.WriteLine($"{kind.Key.Kind,-14} {(kind.Key.Same ? "yes" : "no"),5} {kind.Count(),6} {kind.Count(x => hits[x.i]),5} " +
                              $"{kind.Average(x => cosines[x.i]),9:0.000} {kind.Max(x => cosines[x.i]),8:0.000}");
        }

        var falseHits = Enumerable.Range(0, pairs.Count).Count(i => hits[i] && !pairs[i].Same);
        Console.WriteLine();
        Console.WriteLine($"through the agents at {threshold:0.00}: {falseHits} false hit(s) of {pairs.Count(p => !p.Same)}, " +
                          $"{Enumerable.Range(0, pairs.Count).Count(i => hits[i] && pairs[i].Same)} true hit(s) of {pairs.Count(p => p.Same)}; " +
                          $"{disagreements} pair(s) where the agents and the cosine disagree.");
        return disagreements == 0 ? 0 : 1;
    }

    private static string Rate(List<SemanticPair> pairs, float[] cosines, double threshold, bool same)
    {
        var group = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Same == same).ToList();
        var hits = group.Count(i => cosines[i] >= threshold);
        return $"{hits}/{group.Count} {100.0 * hits / group.Count,5:0.0}%";
    }
}
