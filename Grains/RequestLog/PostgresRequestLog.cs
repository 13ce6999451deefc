using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.RequestLog;

/// <summary>
/// Appends finished requests to PostgreSQL in batches: rows wait in a bounded buffer and are written every
/// <see cref="RequestLogOptions.BatchSize"/> rows or <see cref="RequestLogOptions.FlushInterval"/>, whichever comes first,
/// by binary COPY into a staging table and one <c>INSERT … ON CONFLICT DO NOTHING</c> (a retried request id is stored once).
/// While PostgreSQL is unreachable the batch is retried and new rows keep buffering; rows that find the buffer full are
/// dropped, counted in <c>requestlog.rows.dropped</c> and logged — never silently. With
/// <see cref="RequestLogOptions.Acknowledge"/> a caller can wait for its row's commit; such rows do not wait for the
/// interval, so concurrent requests share one transaction (group commit).
/// </summary>
internal sealed partial class PostgresRequestLog : BackgroundService, IRequestLog
{
    private const string Columns =
        "request_id, agent, tier, user_id, tenant, outcome, cache_layer, coalesced, batch_size, queue_ms, inference_ms, total_ms, created_at";

    private readonly Channel<PendingRow> _buffer;
    private readonly NpgsqlDataSource _dataSource;
    private readonly RequestLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RequestLogInstruments _instruments;
    private readonly IDisposable _bufferedGauge;
    private long _dropped;

    public PostgresRequestLog(
        NpgsqlDataSource dataSource,
        IOptions<RequestLogOptions> options,
        RequestLogInstruments instruments,
        TimeProvider time,
        ILogger<PostgresRequestLog> logger)
    {
        _dataSource = dataSource;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<PendingRow>(new BoundedChannelOptions(_options.BufferCapacity) { SingleReader = true });
        _instruments = instruments;
        _bufferedGauge = instruments.RegisterBuffered(() => Buffered);
    }

    /// <summary>Rows waiting to be written.</summary>
    public int Buffered => _buffer.Reader.Count;

    public void Append(RequestLogEntry entry) => Enqueue(new PendingRow(entry, null));

    public async ValueTask AppendAcknowledgedAsync(RequestLogEntry entry, CancellationToken cancellationToken = default)
    {
        if (!_options.Acknowledge)
        {
            Append(entry);
            return;
        }

        var row = new PendingRow(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!Enqueue(row))
        {
            return;
        }

        try
        {
            await row.Committed!.Task.WaitAsync(_options.AcknowledgeTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _instruments.OnAckTimedOut();
        }
    }

    private bool Enqueue(PendingRow row)
    {
        if (_buffer.Writer.TryWrite(row))
        {
            return true;
        }

        row.Committed?.TrySetResult(); // nothing to wait for: the row is gone, and counted below
        _instruments.OnRowsDropped(1);
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
        {
            LogDropped(_logger, dropped, _options.BufferCapacity);
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingRow>(_options.BatchSize);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(batch, stoppingToken);
                await WriteWithRetryAsync(batch, stoppingToken);
                foreach (var row in batch)
                {
                    row.Committed?.TrySetResult();
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushOnShutdownAsync(batch);
        }
    }

    /// <summary>Writes <paramref name="rows"/> in one transaction; public for the request-log benchmark and tests.</summary>
    internal async Task WriteAsync(IReadOnlyList<RequestLogEntry> rows, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS request_log_staging (LIKE request_log INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY request_log_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.RequestId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Agent, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Tier, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, row.UserId, cancellationToken);
                await WriteNullableAsync(copy, row.Tenant, cancellationToken);
                await copy.WriteAsync(row.Outcome, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.CacheLayer, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Coalesced, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(row.BatchSize, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.QueueMs, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(row.InferenceMs, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(row.TotalMs, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(row.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var merge = new NpgsqlCommand(
            $"INSERT INTO request_log ({Columns}) SELECT {Columns} FROM request_log_staging ON CONFLICT (request_id) DO NOTHING", connection, transaction))
        {
            await merge.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        _instruments.OnRowsWritten(rows.Count);
    }

    private async Task FillAsync(List<PendingRow> batch, CancellationToken stoppingToken)
    {
        var started = _time.GetTimestamp();
        var awaited = false;
        while (batch.Count < _options.BatchSize)
        {
            while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var row))
            {
                batch.Add(row);
                awaited |= row.Committed is not null;
            }

            var remaining = _options.FlushInterval - _time.GetElapsedTime(started);
            if (batch.Count >= _options.BatchSize || remaining <= TimeSpan.Zero || awaited)
            {
                return;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var wait = _buffer.Reader.WaitToReadAsync(timer.Token).AsTask();
            var delay = Task.Delay(remaining, _time, timer.Token);
            var first = await Task.WhenAny(wait, delay);
            await timer.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
            if (first == delay)
            {
                return;
            }
        }
    }

    private async Task WriteWithRetryAsync(List<PendingRow> batch, CancellationToken stoppingToken)
    {
        var rows = batch.ConvertAll(r => r.Entry);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(rows, stoppingToken);
                if (attempt > 1)
                {
                    LogRecovered(_logger, batch.Count, attempt);
                }

                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException && !stoppingToken.IsCancellationRequested)
            {
                _instruments.OnFlushFailed();
                if (attempt == 1)
                {
                    LogWriteFailed(_logger, batch.Count, ex.Message);
                }

                await Task.Delay(_options.RetryInterval, _time, stoppingToken);
            }
        }
    }

    private async Task FlushOnShutdownAsync(List<PendingRow> batch)
    {
        while (_buffer.Reader.TryRead(out var row))
        {
            batch.Add(row);
        }

        if (batch.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        try
        {
            await WriteAsync(batch.ConvertAll(r => r.Entry), timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            _instruments.OnRowsDropped(batch.Count);
            LogShutdownLoss(_logger, batch.Count, ex.Message);
        }
        finally
        {
            foreach (var row in batch)
            {
                row.Committed?.TrySetResult();
            }
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
        => value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public override void Dispose()
    {
        _bufferedGauge.Dispose();
        base.Dispose();
    }

    /// <summary>A buffered row and, when its caller waits for the commit, the completion to signal.</summary>
    private sealed record PendingRow(RequestLogEntry Entry, TaskCompletionSource? Committed);
}
