using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Benchmarks.Inference;

namespace OrleansAgents.Benchmarks.Http;

/// <summary>
/// <c>http --url URL [--clients N] [--seconds S] [--zipf S] [--cache on|off] [--api-key K]</c>: a running silo's HTTP
/// API under a Zipf mix of prompts over all agents (a prompt always goes to the same agent, so popular prompts repeat
/// as they do in real traffic): first one client at a time (the latency of a lone request), then N concurrent clients.
/// </summary>
internal static class HttpBenchmark
{
    private const int Prompts = 4096;

    public static async Task<int> RunAsync(string url, int clients, double seconds, double zipf, bool cache, string? apiKey)
    {
        var agents = new AgentCatalog(Options.Create(new AgentCatalogOptions())).Agents.Select(a => a.Name).ToArray();
        var texts = BenchmarkTexts.Create(Prompts);
        var cdf = Zipf.Cdf(Prompts, zipf);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        async Task<(double Ms, int Status, string? Layer)> Call(Random random)
        {
            var prompt = Zipf.Draw(cdf, random);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync(
                $"/api/agents/{agents[prompt * 7919 % agents.Length]}/invoke", new { text = texts[prompt], topK = 3, cacheEnabled = cache });
            var layer = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").ToString()
                : null;
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)response.StatusCode, layer);
        }

        Console.WriteLine($"{url}: Zipf s={zipf} over {Prompts} prompts and {agents.Length} agents, cache {(cache ? "on" : "off")}, {seconds:0} s per phase.");
        await RunPhaseAsync("warm-up", Math.Min(clients, 64), TimeSpan.FromSeconds(5), Call);
        var single = await RunPhaseAsync("1 client", 1, TimeSpan.FromSeconds(seconds), Call);
        var loaded = await RunPhaseAsync($"{clients} clients", clients, TimeSpan.FromSeconds(seconds), Call);
        Console.WriteLine();
        Console.WriteLine($"| {"phase",-12} | {"req/s",8} | {"p50 ms",8} | {"p95 ms",8} | {"p99 ms",8} | {"max ms",8} | {"errors",6} | {"cached",6} |");
        Console.WriteLine("|--------------|---------:|---------:|---------:|---------:|---------:|-------:|-------:|");
        foreach (var phase in new[] { single, loaded })
        {
            Console.WriteLine(phase.Row());
        }

        foreach (var (status, count) in loaded.Statuses.Where(s => s.Key is < 200 or >= 300).OrderBy(s => s.Key))
        {
            Console.WriteLine($"  status {status}: {count}");
        }

        return 0;
    }

    private static async Task<Phase> RunPhaseAsync(string name, int clients, TimeSpan duration, Func<Random, Task<(double Ms, int Status, string? Layer)>> call)
    {
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            var mine = new List<(double Ms, int Status, string? Layer)>();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    mine.Add(await call(random));
                }
                catch (HttpRequestException)
                {
                    mine.Add((0, 0, null));
                }
            }

            return mine;
        })));
        var all = results.SelectMany(r => r).ToList();
        return new Phase(name, all, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private sealed record Phase(string Name, List<(double Ms, int Status, string? Layer)> Calls, double Seconds)
    {
        public Dictionary<int, int> Statuses => Calls.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());

        public string Row()
        {
            var ok = Calls.Where(c => c.Status is >= 200 and < 300).Select(c => c.Ms).Order().ToList();
            double P(double q) => ok.Count == 0 ? 0 : ok[Math.Clamp((int)Math.Ceiling(q * ok.Count) - 1, 0, ok.Count - 1)];
            var cached = Calls.Count(c => c.Layer is { } layer && layer != "none" && layer != "None");
            return $"| {Name,-12} | {Calls.Count / Seconds,8:0} | {P(0.5),8:0.0} | {P(0.95),8:0.0} | {P(0.99),8:0.0} | {(ok.Count == 0 ? 0 : ok[^1]),8:0.0} | " +
                   $"{Calls.Count - ok.Count,6} | {(double)cached / Math.Max(1, Calls.Count),6:P0} |";
        }
    }
}
