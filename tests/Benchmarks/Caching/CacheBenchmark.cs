using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Benchmarks.Inference;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;

using static OrleansAgents.Benchmarks.BenchmarkHost;

namespace OrleansAgents.Benchmarks.Caching;

/// <summary>
/// <c>cache [--json FILE] [--seconds N] [--callers N] [--redis CONNECTION]</c>: a Zipf workload (s = 1.0 over 10 000
/// distinct prompts, spread over all 131 agents) through the co-hosted client. A warm-up phase fills the caches, then
/// every agent is deactivated so that the measured phase also sees L2 hits while L1 refills. A last phase replays the
/// Zipf stream over the prompts already answered (all hits) to measure the cache path's throughput on its own.
/// </summary>
internal static class CacheBenchmark
{
    private const int Prompts = 10_000;
    private const double ZipfS = 1.0;

    public static async Task<int> RunAsync(string? json, double seconds, int callers, string? redis)
    {
        var texts = BenchmarkTexts.Create(Prompts, seed: 7);
        var cdf = Zipf.Cdf(Prompts, ZipfS);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (redis is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis });
        }

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .AddMemoryGrainStorageAsDefault()
            .AddOrleansAgents(configureInference: o => (o.Model, o.CacheDirectory) = (NamedModels.BuiltInTiny, Path.Combine(Path.GetTempPath(), "orleans-agents-bench"))));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var agents = host.Services.GetRequiredService<IAgentCatalog>().Agents.Select(a => grains.GetGrain<IAgentGrain>(a.Name)).ToArray();
            var samples = new List<Sample>[callers];
            for (var c = 0; c < callers; c++)
            {
                samples[c] = new List<Sample>(1 << 16);
            }

            async Task<Sample> CallAsync(Random random)
            {
                var prompt = Zipf.Draw(cdf, random);
                var started = Stopwatch.GetTimestamp();
                var response = await agents[prompt % agents.Length].InvokeAsync(new AgentRequest { Text = texts[prompt] });
                return new Sample(response.CacheLayer, response.Coalesced, Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            Console.WriteLine($"cache: Zipf s={ZipfS} over {Prompts} prompts, 131 agents, {callers} callers, L2 = {(redis is null ? "in-process memory" : $"Redis {redis}")}");
            await RunPhaseAsync(callers, TimeSpan.FromSeconds(Math.Max(3, seconds / 3)), CallAsync, null);
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var seen = new bool[Prompts];
            async Task<Sample> TrackedCallAsync(Random random)
            {
                var prompt = Zipf.Draw(cdf, random);
                seen[prompt] = true;
                var started = Stopwatch.GetTimestamp();
                var response = await agents[prompt % agents.Length].InvokeAsync(new AgentRequest { Text = texts[prompt] });
                return new Sample(response.CacheLayer, response.Coalesced, Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            var elapsed = await RunPhaseAsync(callers, TimeSpan.FromSeconds(seconds), TrackedCallAsync, samples);
            var all = samples.SelectMany(s => s).ToList();
            var report = Report(all, elapsed);

            // The cache path alone: the same Zipf stream restricted to prompts already answered, so every request is a hit.
            var hot = Enumerable.Range(0, Prompts).Where(p => seen[p]).ToArray();
            var hotCdf = Zipf.Cdf(hot.Length, ZipfS);
            long hits = 0, total = 0;
            async Task<Sample> HotCallAsync(Random random)
            {
                var prompt = hot[Zipf.Draw(hotCdf, random)];
                var response = await agents[prompt % agents.Length].InvokeAsync(new AgentRequest { Text = texts[prompt] });
                Interlocked.Increment(ref total);
                if (response.CacheLayer != CacheLayer.None)
                {
                    Interlocked.Increment(ref hits);
                }

                return default;
            }

            var hotSeconds = await RunPhaseAsync(callers * 4, TimeSpan.FromSeconds(Math.Max(3, seconds / 2)), HotCallAsync, null);
            report["cachedRequestsPerSecond"] = Math.Round(hits / hotSeconds);
            report["cachedReplayHitRatio"] = Math.Round((double)hits / Math.Max(total, 1), 4);

            // L1-hit latency without queueing behind other callers or inference: one caller per core, all hits.
            report["l1HitP50MicrosUnderMixedLoad"] = report["l1HitP50Micros"];
            report["l1HitP99MicrosUnderMixedLoad"] = report["l1HitP99Micros"];
            var quiet = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new List<Sample>(1 << 16)).ToArray();
            async Task<Sample> QuietCallAsync(Random random)
            {
                var prompt = hot[Zipf.Draw(hotCdf, random)];
                var started = Stopwatch.GetTimestamp();
                var response = await agents[prompt % agents.Length].InvokeAsync(new AgentRequest { Text = texts[prompt] });
                return new Sample(response.CacheLayer, response.Coalesced, Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            await RunPhaseAsync(quiet.Length, TimeSpan.FromSeconds(3), QuietCallAsync, quiet);
            var quietL1 = quiet.SelectMany(q => q).Where(q => q.Layer == CacheLayer.L1).Select(q => q.Micros).Order().ToArray();
            report["l1HitP50Micros"] = Math.Round(quietL1[(int)(quietL1.Length * 0.50)], 1);
            report["l1HitP99Micros"] = Math.Round(quietL1[(int)(quietL1.Length * 0.99)], 1);
            Print(report);
            if (json is not null)
            {
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                Console.WriteLine($"wrote {json}");
            }
        }
        finally
        {
            await host.StopAsync();
        }

        return 0;
    }

    private static async Task<double> RunPhaseAsync(int callers, TimeSpan duration, Func<Random, Task<Sample>> call, List<Sample>[]? samples)
    {
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            while (!stop.IsCancellationRequested)
            {
                var sample = await call(random);
                samples?[c].Add(sample);
            }
        })));
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static Dictionary<string, object> Report(List<Sample> all, double seconds)
    {
        double P(IEnumerable<Sample> xs, double q)
        {
            var sorted = xs.Select(x => x.Micros).Order().ToArray();
            return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
        }

        static string Layer(Sample s) => s.Coalesced ? "coalesced" : s.Layer.ToString().ToLowerInvariant();
        var byLayer = all.GroupBy(Layer).ToDictionary(g => g.Key, g => Math.Round((double)g.Count() / all.Count, 4));
        var cached = all.Where(s => s.Layer != CacheLayer.None || s.Coalesced).ToList();
        var l1 = all.Where(s => s.Layer == CacheLayer.L1).ToList();
        var l2 = all.Where(s => s.Layer == CacheLayer.L2).ToList();
        var misses = all.Where(s => s.Layer == CacheLayer.None && !s.Coalesced).ToList();
        return new Dictionary<string, object>
        {
            ["requests"] = all.Count,
            ["seconds"] = Math.Round(seconds, 2),
            ["requestsPerSecond"] = Math.Round(all.Count / seconds),
            ["cachedRequestsPerSecondInMix"] = Math.Round(cached.Count / seconds),
            ["hitRatio"] = Math.Round((double)cached.Count / all.Count, 4),
            ["hitRatioByLayer"] = byLayer,
            ["l1HitP50Micros"] = P(l1, 0.50),
            ["l1HitP99Micros"] = P(l1, 0.99),
            ["l2HitP50Micros"] = P(l2, 0.50),
            ["l2HitP99Micros"] = P(l2, 0.99),
            ["missP50Micros"] = P(misses, 0.50),
            ["missP99Micros"] = P(misses, 0.99),
        };
    }

    private static void Print(Dictionary<string, object> report)
    {
        foreach (var (key, value) in report)
        {
            var text = value is Dictionary<string, double> d ? string.Join(", ", d.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value:P1}")) : value.ToString();
            Console.WriteLine($"{key,-24} {text}");
        }
    }

    private readonly record struct Sample(CacheLayer Layer, bool Coalesced, double Micros);
}
