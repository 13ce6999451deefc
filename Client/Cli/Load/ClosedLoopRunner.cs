namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Closed-loop load: virtual users, each sending a request, waiting for its answer, thinking, and sending the next.
/// The number of users follows <see cref="UserSchedule"/>; a user above the wanted count stops after its current request.
/// Latency is measured from each request's send.
/// </summary>
internal sealed class ClosedLoopRunner(
    ILoadTarget target, LoadWorkload workload, LoadRecorder recorder, UserSchedule schedule, TimeSpan think, int seed, TimeProvider time)
{
    private static readonly TimeSpan ControlPeriod = TimeSpan.FromMilliseconds(100);
    private int _wanted;
    private int _starts;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var users = new List<Task>();
        try
        {
            while (time.GetElapsedTime(start) is var elapsed && elapsed < schedule.Duration && !cancellationToken.IsCancellationRequested)
            {
                var wanted = schedule.UsersAt(elapsed);
                Volatile.Write(ref _wanted, wanted);
                for (var i = 0; i < wanted; i++)
                {
                    if (i == users.Count)
                    {
                        users.Add(UserAsync(i, start, cancellationToken));
                    }
                    else if (users[i].IsCompleted)
                    {
                        users[i] = UserAsync(i, start, cancellationToken);
                    }
                }

                recorder.SetUsers(wanted);
                recorder.Tick(elapsed);
                await Task.Delay(ControlPeriod, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: report what was measured.
        }

        Volatile.Write(ref _wanted, 0);
        recorder.SetUsers(0);
        await Task.WhenAll(users);
    }

    private async Task UserAsync(int index, long runStart, CancellationToken cancellationToken)
    {
        // Yield first so the control loop starts every user without running any request inline.
        await Task.Yield();
        var random = new Random(HashCode.Combine(seed, index, Interlocked.Increment(ref _starts)));
        try
        {
            while (index < Volatile.Read(ref _wanted) && !cancellationToken.IsCancellationRequested)
            {
                var request = workload.Next(random);
                var sent = time.GetTimestamp();
                var outcome = await target.SendAsync(request, cancellationToken);
                var latency = time.GetElapsedTime(sent);
                recorder.Record(time.GetElapsedTime(runStart), latency, outcome);
                if (think > TimeSpan.Zero)
                {
                    await Task.Delay(think, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
