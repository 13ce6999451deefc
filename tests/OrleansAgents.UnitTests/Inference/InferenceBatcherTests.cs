using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

public sealed class InferenceBatcherTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public async Task EnqueueAsync_WhenBatchNotFull_WaitsForMaxQueueDelayThenRunsOneBatch()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var texts = new[] { "sql injection", "cross-site scripting", "path traversal", "hardcoded secret", "weak cryptography" };
        var tasks = texts.Select(t => batcher.EnqueueAsync(t, 4, null, null, CancellationToken.None)).ToArray();

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
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batcher.EnqueueAsync($"text {i}", 4, null, null, CancellationToken.None)));
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
    }

    [Fact]
    public async Task EnqueueAsync_WhenSameTextInDifferentBatches_ReturnsSameEmbedding()
    {
        await using var batcher = Create(maxBatchSize: 4, delay: TimeSpan.Zero);
        var alone = await batcher.EnqueueAsync("sql injection in the login form", 4, null, null, CancellationToken.None);
        var padded = await Task.WhenAll(
            batcher.EnqueueAsync("a much longer text that forces padding of the other rows in this batch", 4, null, null, CancellationToken.None),
            batcher.EnqueueAsync("sql injection in the login form", 4, null, null, CancellationToken.None));
        Assert.Equal(alone.Vector, padded[1].Vector, (x, y) => Math.Abs(x - y) < 1e-4);
    }

    [Fact]
    public async Task EnqueueAsync_WhenCancelledWhileQueued_CompletesCancelledAndOthersStillRun()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        using var cts = new CancellationTokenSource();
        var cancelled = batcher.EnqueueAsync("first", 4, null, null, cts.Token);
        var kept = batcher.EnqueueAsync("second", 4, null, null, CancellationToken.None);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        var result = await kept;
        Assert.InRange(result.BatchSize, 1, 2);
    }

    [Fact]
    public async Task EnqueueAsync_WhenQueueFull_ThrowsOverloadedNamingDeviceAndLimitWhileQueuedRequestsStillRun()
    {
        // Three tenants within their share (1 place each) fill the queue; a fourth finds it full.
        await using var batcher = Create(maxBatchSize: 4, delay: TimeSpan.FromSeconds(1), maxQueueLength: 3);
        var queued = Enumerable.Range(0, 3).Select(i => batcher.EnqueueAsync($"text {i}", 4, null, $"tenant-{i}", CancellationToken.None)).ToArray();

        var ex = Assert.Throws<InferenceOverloadedException>(() => { _ = batcher.EnqueueAsync("one too many", 4, null, "tenant-3", CancellationToken.None); });

        Assert.Equal(AgentErrorCode.Overloaded, ex.Code);
        Assert.Equal("cpu", ex.Device);
        Assert.Equal("The inference queue of device 'cpu' is full (3 requests waiting); retry later.", ex.Message);
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        Assert.Equal(3, batcher.QueueDepth);

        _time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(queued);
        Assert.All(results, r => Assert.Equal(3, r.BatchSize));
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_WhenTenantHoldsItsShare_ThrowsOverloadedNamingTheShareWhileOtherTenantsStillQueue()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromSeconds(1), maxQueueLength: 4);
        var flooder = Enumerable.Range(0, 2).Select(i => batcher.EnqueueAsync($"a {i}", 9, null, "a", CancellationToken.None)).ToArray();

        var ex = Assert.Throws<InferenceOverloadedException>(() => { _ = batcher.EnqueueAsync("a again", 9, null, "a", CancellationToken.None); });
        var other = batcher.EnqueueAsync("b", 0, null, "b", CancellationToken.None);

        Assert.Equal(AgentErrorCode.Overloaded, ex.Code);
        Assert.Equal("a", ex.Tenant);
        Assert.Equal("Tenant 'a' holds its share of the inference queue of device 'cpu' (50%: 2 of 4 places); retry later.", ex.Message);
        Assert.Equal(3, batcher.QueueDepth);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, (await other).BatchSize);
        Assert.All(await Task.WhenAll(flooder), r => Assert.Equal(3, r.BatchSize));
    }

    [Fact]
    public async Task EnqueueAsync_WhenCallersNameNoTenant_TheyMayFillTheWholeQueue()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromSeconds(1), maxQueueLength: 2);
        var queued = Enumerable.Range(0, 2).Select(i => batcher.EnqueueAsync($"text {i}", 4, null, null, CancellationToken.None)).ToArray();

        var ex = Assert.Throws<InferenceOverloadedException>(() => { _ = batcher.EnqueueAsync("third", 4, null, null, CancellationToken.None); });

        Assert.Null(ex.Tenant);
        Assert.Equal("The inference queue of device 'cpu' is full (2 requests waiting); retry later.", ex.Message);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(2, r.BatchSize));
    }

    [Fact]
    public async Task EnqueueAsync_WhenDeadlinePassesWhileQueued_FaultsWithTimeoutWithoutRunningAndOthersStillRun()
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var expiring = batcher.EnqueueAsync("expiring", 4, _time.GetUtcNow() + TimeSpan.FromMilliseconds(10), null, CancellationToken.None);
        var patient = batcher.EnqueueAsync("patient", 4, null, null, CancellationToken.None);

        _time.Advance(TimeSpan.FromMilliseconds(20));
        var ex = await Assert.ThrowsAsync<AgentTimeoutException>(() => expiring);

        Assert.Equal(AgentErrorCode.Timeout, ex.Code);
        Assert.Equal("The inference request passed its deadline after waiting 20 ms in the queue of device 'cpu'; it was not run.", ex.Message);
        Assert.False(patient.IsCompleted);
        Assert.Equal(1, batcher.QueueDepth);

        _time.Advance(TimeSpan.FromMilliseconds(30));
        var result = await patient;
        Assert.Equal(1, result.BatchSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public async Task EnqueueAsync_WhenDeadlineAlreadyPassed_ThrowsTimeoutSynchronouslyWithoutQueueing(int deadlineOffsetMs)
    {
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var deadline = _time.GetUtcNow() + TimeSpan.FromMilliseconds(deadlineOffsetMs);

        var ex = Assert.Throws<AgentTimeoutException>(() => { _ = batcher.EnqueueAsync("too late", 4, deadline, null, CancellationToken.None); });

        Assert.Equal(AgentErrorCode.Timeout, ex.Code);
        Assert.Equal("The inference request passed its deadline after waiting 0 ms in the queue of device 'cpu'; it was not run.", ex.Message);
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_WhenTraced_BatchSpanIsChildOfTheFirstRequestAndLinksEveryRequest()
    {
        using var spans = new SpanRecorder("OrleansAgents");
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var (first, a) = EnqueueTraced(batcher, "sql injection");
        var (second, b) = EnqueueTraced(batcher, "path traversal");

        _time.Advance(TimeSpan.FromMilliseconds(50));
        await Task.WhenAll(first, second);

        var batch = Assert.Single(spans.Of(a.TraceId), s => s.OperationName == "inference.batch");
        Assert.Equal(a.SpanId, batch.ParentSpanId);
        Assert.Equal([a, b], batch.Links.Select(l => l.Context));
        Assert.Equal(new Dictionary<string, object?> { ["device"] = "cpu", ["batch.size"] = 2 }, batch.TagObjects.ToDictionary(t => t.Key, t => t.Value));
        var waitA = Assert.Single(spans.Of(a.TraceId), s => s.OperationName == "inference.queue");
        var waitB = Assert.Single(spans.Of(b.TraceId), s => s.OperationName == "inference.queue");
        Assert.Equal((a.SpanId, b.SpanId), (waitA.ParentSpanId, waitB.ParentSpanId));
        Assert.Equal((TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)), (waitA.Duration, waitB.Duration));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, batch.StartTimeUtc);
        Assert.DoesNotContain(spans.Of(b.TraceId), s => s.OperationName == "inference.batch"); // b reaches the run by its link
    }

    [Fact]
    public async Task EnqueueAsync_WhenTracedAndDeadlinePassesWhileQueued_RecordsAFailedWaitAndNoRun()
    {
        using var spans = new SpanRecorder("OrleansAgents");
        await using var batcher = Create(maxBatchSize: 8, delay: TimeSpan.FromMilliseconds(50));
        var (expiring, caller) = EnqueueTraced(batcher, "expiring", _time.GetUtcNow() + TimeSpan.FromMilliseconds(10));

        _time.Advance(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAsync<AgentTimeoutException>(() => expiring);

        var wait = Assert.Single(spans.Of(caller.TraceId));
        Assert.Equal(("inference.queue", caller.SpanId, TimeSpan.FromMilliseconds(20)), (wait.OperationName, wait.ParentSpanId, wait.Duration));
        Assert.Equal((ActivityStatusCode.Error, "deadline"), (wait.Status, wait.StatusDescription));
        Assert.Equal(new Dictionary<string, object?> { ["device"] = "cpu", ["rejected"] = "deadline" }, wait.TagObjects.ToDictionary(t => t.Key, t => t.Value));
    }

    /// <summary>Queues <paramref name="text"/> from a caller span of a trace of its own.</summary>
    private static (Task<EmbeddingResult> Task, ActivityContext Caller) EnqueueTraced(InferenceBatcher batcher, string text, DateTimeOffset? deadline = null)
    {
        Activity.Current = null;
        using var caller = new Activity("caller").Start();
        return (batcher.EnqueueAsync(text, 4, deadline, null, CancellationToken.None), caller.Context);
    }

    private InferenceBatcher Create(int maxBatchSize, TimeSpan delay, int maxQueueLength = 4096)
    {
        var options = new InferenceOptions
        {
            CacheDirectory = TestPaths.ModelCache,
            Model = TestPaths.Model,
            MaxBatchSize = maxBatchSize,
            MaxQueueDelay = delay,
            MaxQueueLength = maxQueueLength,
        };
        var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
        return new InferenceBatcher(model, options, new InferenceInstruments(_meters), _time, NullLogger.Instance);
    }
}
