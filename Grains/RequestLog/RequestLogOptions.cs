using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.RequestLog;

/// <summary>Options of the PostgreSQL request log (section <c>RequestLog</c>; database: <c>ConnectionStrings:Postgres</c>).</summary>
public sealed class RequestLogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RequestLog";

    /// <summary>Rows per COPY batch: a batch is written when this many are waiting. Default 500; range 1–100 000.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest a row waits before its batch is written anyway. Default 1 s; range 10 ms–1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows buffered while PostgreSQL is unreachable; beyond it new rows are dropped (counted and logged). Default 100 000.</summary>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 100_000;

    /// <summary>Wait between attempts while PostgreSQL is unreachable. Default 1 s; range 10 ms–1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a successful request's response waits until its row is committed, so that every answer a caller saw is
    /// in the log even if the silo is killed right after. Rows waiting for acknowledgement are written without waiting
    /// for <see cref="FlushInterval"/>: whatever arrived while the previous batch was being written forms the next one
    /// (group commit). Off: responses never wait and a killed silo loses up to <see cref="FlushInterval"/> of rows.
    /// Default on.
    /// </summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>
    /// Longest a response waits for its row's commit; past it the response goes out and the row stays buffered (counted
    /// in <c>requestlog.ack.timeouts</c>). Default 2 s; range 0–30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan AcknowledgeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
