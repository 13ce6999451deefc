using System.Diagnostics;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// Open-loop load: requests leave at a constant arrival rate whether or not earlier ones have answered, and each one's
/// latency counts from its intended send time, so a stalled sender cannot hide queueing (no coordinated omission).
/// </summary>
internal static class OpenLoopDriver
{
    /// <summary>Sends <paramref name="rate"/> × <paramref name="duration"/> calls of <paramref name="call"/>(i) at <paramref name="rate"/> per second.</summary>
    public static async Task<OpenLoopResult> RunAsync(double peak, double fraction, TimeSpan duration, Func<int, Task> call)
    {
        var rate = peak * fraction;
        var total = (long)Math.Max(1, rate * duration.TotalSeconds);
        var latencies = new List<double>((int)Math.Min(total, 10_000_000));
        var pending = new List<Task>();
        var failed = 0;
        var started = Stopwatch.GetTimestamp();

        async Task Send(long intended, int i)
        {
            try
            {
                await call(i);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failed);
                return;
            }

            var ms = Stopwatch.GetElapsedTime(intended).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(ms);
            }
        }

        for (long sent = 0; sent < total;)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                pending.Add(Send(started + (long)(sent / rate * Stopwatch.Frequency), (int)sent));
            }

            await Task.Delay(1);
        }

        var sending = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.WhenAll(pending);
        var load = LoadResult.From("open-loop", latencies, sending, 0, 0);
        return new OpenLoopResult(fraction, peak, rate, load.Requests / sending, load.P50Ms, load.P95Ms, load.P99Ms, load.Requests, failed);
    }
}
