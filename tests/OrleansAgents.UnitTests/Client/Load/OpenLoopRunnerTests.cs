using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Client.Cli.Load;

namespace OrleansAgents.Tests.Client.Load;

public sealed class OpenLoopRunnerTests
{
    [Fact]
    public void IntendedOffset_WhenRateGiven_SpacesRequestsEvenly()
    {
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10)],
            new long[] { 0, 1, 2, 40 }.Select(i => OpenLoopRunner.IntendedOffset(i, 4)));
    }

    [Fact]
    public async Task RunAsync_WhenServerStalls_MeasuresFromIntendedSendTimes()
    {
        // 10 requests/s for 1 s against a server that answers nothing until t = 1 s: request i was due at i × 100 ms,
        // so its latency is 1000 − 100 i ms (1000, 900, …, 100), not the time since a late send.
        var time = new FakeTimeProvider();
        var target = new StalledTarget();
        var recorder = new LoadRecorder();
        var workload = new LoadWorkload([new LoadAgent("a", AgentTier.Light)], 42, 1.0, 0.2, cacheEnabled: true);
        var run = new OpenLoopRunner(target, workload, recorder, 10, TimeSpan.FromSeconds(1), 42, time).RunAsync(CancellationToken.None);
        for (var step = 1; step <= 10; step++)
        {
            Assert.True(SpinWait.SpinUntil(() => target.Received == step, TimeSpan.FromSeconds(10)), $"request {step} was not sent");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        target.Release();
        await run;
        var summary = recorder.Summarize("baseline", "fake", "open", TimeSpan.FromSeconds(1));
        Assert.Equal(10, summary.Requests);
        Assert.Equal(0, summary.Errors);
        Assert.InRange(summary.MaxMs, 999, 1001);
        Assert.InRange(summary.P50Ms, 499.5, 501); // the 5th of 100, 200, …, 1000 ms
    }

    private sealed class StalledTarget : ILoadTarget
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public void Release() => _release.SetResult();

        public Task<IReadOnlyList<LoadAgent>> ListAgentsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public async Task<LoadOutcome> SendAsync(LoadRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _received);
            await _release.Task;
            return LoadOutcome.Success(200, "none");
        }
    }
}
