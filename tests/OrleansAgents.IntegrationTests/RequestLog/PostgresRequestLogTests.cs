using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Diagnostics;
using OrleansAgents.RequestLog;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.RequestLog;

/// <summary>The request log against the real PostgreSQL, with a TCP proxy to take the database away.</summary>
public sealed class PostgresRequestLogTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestMeterFactory _meters = new();
    private PostgresSchema _db = null!;

    public async Task InitializeAsync() => _db = await TestPostgres.CreateMigratedSchemaAsync();

    public async Task DisposeAsync()
    {
        _meters.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_WhenSameRequestIdWrittenTwice_StoresItOnce()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions());
        await log.WriteAsync([Entry("r1"), Entry("r2")], CancellationToken.None);
        await log.WriteAsync([Entry("r2"), Entry("r3")], CancellationToken.None);

        Assert.Equal(3, await _db.ScalarAsync("SELECT count(*) FROM request_log"));
        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id = 'r2'"));
    }

    [Fact]
    public async Task Append_WhenBatchSizeReached_WritesWithoutWaitingForTheInterval()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions { BatchSize = 5, FlushInterval = TimeSpan.FromMinutes(1) });
        await log.StartAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            log.Append(Entry($"b{i}"));
        }

        await WaitForRowsAsync(5);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Append_WhenFewerRowsThanBatch_WritesThemAtTheFlushInterval()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions { BatchSize = 100, FlushInterval = TimeSpan.FromSeconds(2) });
        await log.StartAsync(CancellationToken.None);
        log.Append(Entry("i1"));
        log.Append(Entry("i2"));
        await WaitUntilAsync(() => log.Buffered == 0); // taken into the open batch
        Assert.Equal(0, await _db.ScalarAsync("SELECT count(*) FROM request_log"));

        _time.Advance(TimeSpan.FromSeconds(2));

        await WaitForRowsAsync(2);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Append_WhenPostgresGoesAwayAndReturns_BuffersCountsDropsAndFlushesEveryBufferedRowOnce()
    {
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, 5432));
        long failures = 0, dropped = 0;
        using var listener = Listen(InstrumentNames.RequestLogFlushFailures, v => Interlocked.Add(ref failures, v), InstrumentNames.RequestLogRowsDropped, v => Interlocked.Add(ref dropped, v));
        using var log = Create(_db.Through(proxy.Port), new RequestLogOptions
        {
            BatchSize = 2,
            FlushInterval = TimeSpan.FromMilliseconds(10),
            BufferCapacity = 4,
            RetryInterval = TimeSpan.FromSeconds(1),
        });
        proxy.Stop();
        await log.StartAsync(CancellationToken.None);

        log.Append(Entry("d0"));
        log.Append(Entry("d1"));
        await WaitUntilAsync(() => Interlocked.Read(ref failures) > 0); // the first batch (d0, d1) failed and is being retried
        for (var i = 2; i < 9; i++)
        {
            log.Append(Entry($"d{i}")); // 4 fit in the buffer, 3 do not
        }

        Assert.Equal(3, Interlocked.Read(ref dropped));
        Assert.Equal(4, log.Buffered);

        proxy.Start();
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForRowsAsync(6, advance: TimeSpan.FromSeconds(1));
        Assert.Equal(6, await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id IN ('d0','d1','d2','d3','d4','d5')"));
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AppendAcknowledgedAsync_WhenAcknowledging_CompletesOnceTheRowIsCommittedWithoutWaitingForTheInterval()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions { BatchSize = 100, FlushInterval = TimeSpan.FromMinutes(1) });
        await log.StartAsync(CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => log.AppendAcknowledgedAsync(Entry($"a{i}")).AsTask()));

        Assert.Equal(3, await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id IN ('a0','a1','a2')"));
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AppendAcknowledgedAsync_WhenAcknowledgeOff_ReturnsBeforeTheRowIsWritten()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions { Acknowledge = false, BatchSize = 100, FlushInterval = TimeSpan.FromSeconds(5) });
        await log.StartAsync(CancellationToken.None);

        await log.AppendAcknowledgedAsync(Entry("n1"));
        await WaitUntilAsync(() => log.Buffered == 0); // taken into the open batch, which waits for the interval

        Assert.Equal(0, await _db.ScalarAsync("SELECT count(*) FROM request_log"));
        _time.Advance(TimeSpan.FromSeconds(5));
        await WaitForRowsAsync(1);
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AppendAcknowledgedAsync_WhenPostgresIsAway_StopsWaitingAtTheTimeoutCountsItAndWritesTheRowLater()
    {
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, 5432));
        long timeouts = 0, failures = 0;
        using var listener = Listen(InstrumentNames.RequestLogAckTimeouts, v => Interlocked.Add(ref timeouts, v), InstrumentNames.RequestLogFlushFailures, v => Interlocked.Add(ref failures, v));
        using var log = Create(_db.Through(proxy.Port), new RequestLogOptions
        {
            AcknowledgeTimeout = TimeSpan.FromSeconds(2),
            RetryInterval = TimeSpan.FromSeconds(1),
        });
        proxy.Stop();
        await log.StartAsync(CancellationToken.None);

        var acknowledged = log.AppendAcknowledgedAsync(Entry("late")).AsTask();
        await WaitUntilAsync(() => Interlocked.Read(ref failures) > 0);
        Assert.False(acknowledged.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(2));
        await acknowledged;
        Assert.Equal(1, Interlocked.Read(ref timeouts));

        proxy.Start();
        await WaitForRowsAsync(1, advance: TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM request_log WHERE request_id = 'late'"));
        await log.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GetAsync_WhenRowsLogged_ReturnsExactPercentilesErrorRateAndHitRatio()
    {
        using var log = Create(_db.ConnectionString, new RequestLogOptions());
        var rows = Enumerable.Range(1, 100).Select(i => Entry($"s{i}") with
        {
            Agent = "semgrep-security-analyzer",
            TotalMs = i,
            Outcome = i % 10 == 0 ? "timeout" : "ok",
            CacheLayer = i <= 25 ? "l1" : "none",
        }).ToList();
        rows.Add(Entry("old") with { Agent = "semgrep-security-analyzer", CreatedAt = _time.GetUtcNow().AddHours(-3) });
        await log.WriteAsync(rows, CancellationToken.None);

        var stats = await new RequestLogStats(RequestLogServiceCollectionExtensions.CreateDataSource(_db.ConnectionString), _time)
            .GetAsync("semgrep-security-analyzer", TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(100, stats.Requests);
        Assert.Equal(0.1, stats.ErrorRate);
        Assert.Equal((10L, AgentStats.PostgresSource), (stats.Errors, stats.Source));
        Assert.Equal(0.25, stats.HitRatio);
        Assert.Equal(50.5, stats.P50Ms);
        Assert.Equal(95.05, stats.P95Ms);
        Assert.Equal(99.01, stats.P99Ms);
    }

    [Theory]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    public void TryParseWindow_WhenValid_ReturnsSpan(string text, int seconds)
    {
        Assert.True(RequestLogStats.TryParseWindow(text, out var window));
        Assert.Equal(TimeSpan.FromSeconds(seconds), window);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("1y")]
    [InlineData("32d")]
    public void TryParseWindow_WhenInvalid_ReturnsFalse(string text) => Assert.False(RequestLogStats.TryParseWindow(text, out _));

    private PostgresRequestLog Create(string connectionString, RequestLogOptions options) => new(
        RequestLogServiceCollectionExtensions.CreateDataSource(connectionString),
        Options.Create(options),
        new RequestLogInstruments(_meters),
        _time,
        NullLogger<PostgresRequestLog>.Instance);

    private RequestLogEntry Entry(string id) => new(id, "shell-automation-specialist", "light", "u1", "t1", "ok", "none", false, 3, 1.5, 0.4, 2.5, _time.GetUtcNow());

    private async Task WaitForRowsAsync(long count, TimeSpan? advance = null)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await _db.ScalarAsync("SELECT count(*) FROM request_log") >= count)
            {
                Assert.Equal(count, await _db.ScalarAsync("SELECT count(*) FROM request_log"));
                return;
            }

            if (advance is { } step)
            {
                _time.Advance(step); // the retry waits on the fake clock
            }

            await Task.Delay(10);
        }

        Assert.Fail($"{count} rows never arrived.");
    }

    // Synchronisation with the log's background loop, bounded by real time (a count of yields ran out on a loaded
    // machine before a connection attempt to the stopped proxy had even failed).
    private static async Task WaitUntilAsync(Func<bool> condition)
        => Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(condition())));

    private static MeterListener Listen(string first, Action<long> onFirst, string second, Action<long> onSecond)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InstrumentNames.Meter && (instrument.Name == first || instrument.Name == second))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => (instrument.Name == first ? onFirst : onSecond)(value));
        listener.Start();
        return listener;
    }
}
