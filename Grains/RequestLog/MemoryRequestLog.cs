namespace OrleansAgents.RequestLog;

/// <summary>
/// The embedded default without PostgreSQL: rows are not stored, only counted into this silo's rolling windows
/// (<see cref="LiveRequestStats"/>), which answer the stats endpoint instead.
/// </summary>
internal sealed class MemoryRequestLog(LiveRequestStats live) : IRequestLog
{
    public void Append(RequestLogEntry entry) => live.Record(entry);

    public ValueTask AppendAcknowledgedAsync(RequestLogEntry entry, CancellationToken cancellationToken = default)
    {
        live.Record(entry);
        return ValueTask.CompletedTask;
    }
}
