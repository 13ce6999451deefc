using System.Globalization;
using OrleansAgents.Agents;
using OrleansAgents.Benchmarks.Quality;
using OrleansAgents.Routing;

namespace OrleansAgents.Benchmarks.Routing;

/// <summary>
/// <c>routing [--model M]… [--data FILE]… [--text-weight W]…</c>: how often the router picks a right agent for a task.
/// Every labelled task goes through the real <see cref="IAgentRouter"/> of a fresh in-process silo per model and
/// <c>Routing:TextWeight</c> (0 first: text-blind, as before the text was weighed), one task at a time, each from a user
/// of its own so no affinity carries over; a task is right when the chosen agent is one of its right agents. Also
/// prints what a uniform random pick among the candidates would score.
/// </summary>
internal static class RoutingBenchmark
{
    public const string DefaultData = "routing-tasks.jsonl";

    public static async Task<int> RunAsync(string[] models, string[] data, double[] textWeights)
    {
        var tasks = LabelledData.Load<RoutingTask>(data);
        var candidates = Candidates(tasks);
        var random = tasks.Select(t => Random(t, candidates)).ToArray();
        Console.WriteLine($"{tasks.Count} tasks over {candidates.Count} capabilities from {string.Join(", ", data.Select(Path.GetFileName))}; " +
                          $"a uniform random pick is right {Percent(random.Average())} of the time.");
        var weights = textWeights.Prepend(0).Distinct().ToArray();
        var runs = new List<Run>();
        foreach (var model in models)
        {
            foreach (var weight in weights)
            {
                Console.WriteLine($"routing with {model}, Routing:TextWeight {weight.ToString(CultureInfo.InvariantCulture)} …");
                runs.Add(new Run(model, weight, await RouteAllAsync(model, weight, tasks)));
            }
        }

        Print(tasks, candidates, random, runs);
        return 0;
    }

    private static async Task<bool[]> RouteAllAsync(string model, double weight, List<RoutingTask> tasks)
    {
        await using var silo = await BenchmarkSilo.StartAsync(model, new Dictionary<string, string?>
        {
            ["Routing:TextWeight"] = weight.ToString(CultureInfo.InvariantCulture),
            ["Agents:LabelVectors"] = nameof(LabelVectorMode.Names), // the agents' answers do not matter here
        });
        var right = new bool[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var routed = await silo.Grains.GetGrain<IAgentRouter>(task.Capability).RouteAsync(new RouteRequest
            {
                Request = new AgentRequest { Text = task.Text, UserId = $"routing-{i}", CacheEnabled = false },
            });
            right[i] = task.Agents.Contains(routed.Agent, StringComparer.Ordinal);
        }

        return right;
    }

    // Each capability's candidates, from the catalog; a right agent that is not one is a broken data set.
    private static Dictionary<string, int> Candidates(List<RoutingTask> tasks)
    {
        var catalog = new AgentCatalog(Microsoft.Extensions.Options.Options.Create(new AgentCatalogOptions()));
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var names = catalog.Agents.Where(a => a.Capabilities.Contains(task.Capability, StringComparer.OrdinalIgnoreCase)).Select(a => a.Name).ToHashSet();
            if (task.Agents.Length == 0 || !task.Agents.All(names.Contains))
            {
                throw new InvalidDataException($"Task '{task.Text}': right agents must be candidates of '{task.Capability}'.");
            }

            result[task.Capability] = names.Count;
        }

        return result;
    }

    private static double Random(RoutingTask task, Dictionary<string, int> candidates) => task.Agents.Distinct().Count() / (double)candidates[task.Capability];

    private static void Print(List<RoutingTask> tasks, Dictionary<string, int> candidates, double[] random, List<Run> runs)
    {
        var columns = runs.Select(r => $"{r.Model} w={r.Weight.ToString(CultureInfo.InvariantCulture)}").ToList();
        var width = Math.Max(12, columns.Max(c => c.Length));
        Console.WriteLine();
        Console.WriteLine($"{"capability",-20} {"n",4} {"cands",5} {"random",7} " + string.Join(" ", columns.Select(c => c.PadLeft(width))));
        foreach (var group in tasks.Select((t, i) => (t, i)).GroupBy(x => x.t.Capability).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cells = runs.Select(r => Percent(group.Average(x => r.Right[x.i] ? 1.0 : 0)).PadLeft(width));
            Console.WriteLine($"{group.Key,-20} {group.Count(),4} {candidates[group.Key],5} {Percent(group.Average(x => random[x.i])),7} " + string.Join(" ", cells));
        }

        var overall = runs.Select(r => $"{Percent(r.Right.Average(x => x ? 1.0 : 0))} ({r.Right.Count(x => x)})".PadLeft(width));
        Console.WriteLine($"{"all",-20} {tasks.Count,4} {"",5} {Percent(random.Average()),7} " + string.Join(" ", overall));
    }

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private sealed record Run(string Model, double Weight, bool[] Right);
}
