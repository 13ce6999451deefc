namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Open-loop load: a constant arrival rate, request i intended at t0 + i/rate whatever the server does. Latency is
/// completion minus the INTENDED send time, so a stalled server (or a late scheduler) shows its queueing in the
/// percentiles instead of hiding it by slowing the sender (no coordinated omission).
/// </summary>
internal sealed class OpenLoopRunner(
    ILoadTarget target, LoadWorkload workload, LoadRecorder recorder, double rate, TimeSpan duration, int seed, TimeProvider time)
{
    private int _inFlight;

    /// <summary>When request <paramref name="index"/> is meant to be sent, relative to the run's start.</summary>
    public static TimeSpan IntendedOffset(long index, double rate) => TimeSpan.FromTicks((long)Math.Round(index * (TimeSpan.TicksPerSecond / rate)));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var random = new Random(seed);
        var start = time.GetTimestamp();
        var pending = new List<Task>();
        try
        {
            for (long i = 0; IntendedOffset(i, rate) is var intended && intended < duration; i++)
            {
                var wait = intended - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                var request = workload.Next(random);
                pending.Add(Task.Run(() => SendAsync(request, start, intended, cancellationToken), CancellationToken.None));
                recorder.Tick(time.GetElapsedTime(start));
                if (pending.Count >= 4096)
                {
                    pending.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: report what was measured.
        }

        await Task.WhenAll(pending);
        recorder.SetUsers(0);
    }

    private async Task SendAsync(LoadRequest request, long runStart, TimeSpan intended, CancellationToken cancellationToken)
    {
        recorder.SetUsers(Interlocked.Increment(ref _inFlight));
        try
        {
            var outcome = await target.SendAsync(request, cancellationToken);
            var completed = time.GetElapsedTime(runStart);
            recorder.Record(completed, completed - intended, outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            recorder.SetUsers(Interlocked.Decrement(ref _inFlight));
        }
    }
}
