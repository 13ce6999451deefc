using System.Diagnostics;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>Closed-loop load: N callers each send their next request as soon as the previous one answers.</summary>
internal static class LoadDriver
{
    /// <summary>Runs <paramref name="call"/>(caller, iteration) from <paramref name="callers"/> callers for <paramref name="duration"/>.</summary>
    public static async Task<(List<double> Latencies, double Seconds)> RunAsync(int callers, TimeSpan duration, Func<int, int, Task> call)
    {
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.GetTimestamp();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await call(c, i);
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            return latencies;
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return ([.. perCaller.SelectMany(l => l)], seconds);
    }
}
