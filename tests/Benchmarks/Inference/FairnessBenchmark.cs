using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// <c>fairness [--seconds N] [--callers N] [--flood-factor N]</c>: tenant B's closed-loop load alone, then while tenant A
/// floods the same device open-loop at N× its measured capacity, with the tenant rules on (share 50 %, round-robin) and off.
/// </summary>
internal static class FairnessBenchmark
{
    private const string Flooder = "tenant-a";
    private const string Victim = "tenant-b";

    public static async Task<int> RunAsync(double seconds, int callers, double floodFactor)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var texts = BenchmarkTexts.Create(4096);
        var cache = Path.Combine(Path.GetTempPath(), "orleans-agents-bench");
        Console.WriteLine($"B: {callers} closed-loop callers at priority 4; A: open loop at priority 9, {floodFactor:0}x capacity; {seconds:0} s per phase, {Environment.ProcessorCount} cores.");
        var results = new List<(string Name, Phase Alone, Phase Flooded, long AAccepted, long ARejected, double FloodRate)>();
        foreach (var (name, share, roundRobin) in new[] { ("tenant rules on", 0.5, true), ("tenant rules off", 1.0, false) })
        {
            var options = new InferenceOptions { Model = NamedModels.BuiltInTiny, CacheDirectory = cache, MaxTenantQueueShare = share, TenantRoundRobin = roundRobin };
            var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
            await using var batcher = new InferenceBatcher(model, options, new InferenceInstruments(BenchmarkMeters.Factory), TimeProvider.System, NullLogger.Instance);
            // Capacity: enough callers to keep full batches queued, which is what a flood meets; measured after a warm-up.
            await ClosedLoopAsync(batcher, texts, Flooder, options.MaxBatchSize * 4, TimeSpan.FromSeconds(1));
            var capacity = await ClosedLoopAsync(batcher, texts, Flooder, options.MaxBatchSize * 4, TimeSpan.FromSeconds(2));
            var floodRate = capacity.RequestsPerSecond * floodFactor;
            var alone = await ClosedLoopAsync(batcher, texts, Victim, callers, duration);
            using var stop = new CancellationTokenSource();
            var flood = Task.Run(() => Flood(batcher, texts, floodRate, stop.Token));
            await Task.Delay(TimeSpan.FromSeconds(1)); // let the flood fill the queue first
            var flooded = await ClosedLoopAsync(batcher, texts, Victim, callers, duration);
            await stop.CancelAsync();
            var (accepted, rejected) = await flood;
            results.Add((name, alone, flooded, accepted, rejected, floodRate));
            Console.WriteLine($"  {name}: capacity {capacity.RequestsPerSecond:0} req/s, flood {floodRate:0} req/s");
        }

        Console.WriteLine();
        Console.WriteLine("| tenant rules | B p50 alone | B p95 alone | B p50 flooded | B p95 flooded | p95 ratio | B 503s | B req/s flooded | A accepted | A rejected |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Name} | {r.Alone.P50:0.0} ms | {r.Alone.P95:0.0} ms | {r.Flooded.P50:0.0} ms | {r.Flooded.P95:0.0} ms | " +
                              $"{r.Flooded.P95 / r.Alone.P95:0.00} | {r.Flooded.Rejected} | {r.Flooded.RequestsPerSecond:0} | {r.AAccepted} | {r.ARejected} |");
        }

        return 0;
    }

    private static async Task<Phase> ClosedLoopAsync(InferenceBatcher batcher, string[] texts, string tenant, int callers, TimeSpan duration)
    {
        var rejected = 0L;
        var answered = new System.Collections.Concurrent.ConcurrentQueue<double>();
        var (_, seconds) = await LoadDriver.RunAsync(callers, duration, async (caller, i) =>
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                await batcher.EnqueueAsync(texts[((caller * 7919) + i) % texts.Length], 4, null, tenant, CancellationToken.None);
                answered.Enqueue(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            catch (InferenceOverloadedException)
            {
                Interlocked.Increment(ref rejected);
                await Task.Delay(1); // a rejected caller backs off briefly, as a client honouring Retry-After would
            }
        });
        var latencies = answered.ToList();
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new Phase(P(0.50), P(0.95), latencies.Count / seconds, rejected);
    }

    /// <summary>Open loop: sends at <paramref name="rate"/> per second whatever the answers, until stopped.</summary>
    private static async Task<(long Accepted, long Rejected)> Flood(InferenceBatcher batcher, string[] texts, double rate, CancellationToken stop)
    {
        long sent = 0, rejected = 0;
        var started = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                try
                {
                    _ = batcher.EnqueueAsync(texts[(int)(sent % texts.Length)], 9, null, Flooder, CancellationToken.None);
                }
                catch (InferenceOverloadedException)
                {
                    rejected++;
                }
            }

            await Task.Delay(1, CancellationToken.None);
        }

        return (sent - rejected, rejected);
    }

    private sealed record Phase(double P50, double P95, double RequestsPerSecond, long Rejected);
}
