using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

public sealed class InferenceBatcherTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task EnqueueAsync_WhenBatchNotFull_WaitsForMaxQueueDelayThenRunsOneBatch()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var texts = new[] { "sql injection", "cross-site scripting", "path traversal", "hardcoded secret", "weak cryptography" };
        var tasks = texts.Select(t => batcher.EnqueueAsync(t, 4, null, CancellationToken.None)).ToArray();

        Assert.DoesNotContain(tasks, t => t.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(5, r.BatchSize));
        Assert.All(results, r => Assert.Equal(128, r.Vector.Length));
        Assert.All(results, r => Assert.Equal(1.0, Math.Sqrt(r.Vector.Sum(v => (double)v * v)), 4));
    }

    [Fact]
    public async Task EnqueueAsync_WhenBatchFills_RunsWithoutWaitingForDelay()
    {
        await using var batcher = Create(maxBatchSize: 4, delay: TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batcher.EnqueueAsync($"text {i}", 4, null, CancellationToken.None)));
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
    }

    [Fact]
    public async Task EnqueueAsync_WhenSameTextInDifferentBatches_ReturnsSameEmbedding()
    {
        await using var batcher = Create(maxBatchSize: 4, delay: TimeSpan.Zero);
        var alone = await batcher.EnqueueAsync("sql injection in the login form", 4, null, CancellationToken.None);
        var padded = await Task.WhenAll(
            batcher.EnqueueAsync("a much longer text that forces padding of the other rows in this batch", 4, null, CancellationToken.None),
            batcher.EnqueueAsync("sql injection in the login form", 4, null, CancellationToken.None));
        Assert.Equal(alone.Vector, padded[1].Vector, (x, y) => Math.Abs(x - y) < 1e-4);
    }

    [Fact]
    public async Task EnqueueAsync_WhenCancelledWhileQueued_CompletesCancelledAndOthersStillRun()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        using var cts = new CancellationTokenSource();
        var cancelled = batcher.EnqueueAsync("first", 4, null, cts.Token);
        var kept = batcher.EnqueueAsync("second", 4, null, CancellationToken.None);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        var result = await kept;
        Assert.InRange(result.BatchSize, 1, 2);
    }

    private InferenceBatcher Create(int maxBatchSize, TimeSpan delay)
    {
        var options = new InferenceOptions { CacheDirectory = TestPaths.ModelCache, MaxBatchSize = maxBatchSize, MaxQueueDelay = delay };
        var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
        return new InferenceBatcher(model, options, _time, NullLogger.Instance);
    }
}
