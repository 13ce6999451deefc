namespace OrleansAgents.RequestLog;

/// <summary>Where finished requests are recorded. Appending never throws.</summary>
public interface IRequestLog
{
    /// <summary>Queues <paramref name="entry"/> for the next batch; when the bounded buffer is full it is dropped and counted.</summary>
    void Append(RequestLogEntry entry);

    /// <summary>
    /// Queues <paramref name="entry"/> and, when <see cref="RequestLogOptions.Acknowledge"/> is on, completes once the row
    /// is committed (group commit: every row waiting when a batch starts shares its transaction). If the commit takes
    /// longer than <see cref="RequestLogOptions.AcknowledgeTimeout"/> (PostgreSQL slow or away) it completes anyway and
    /// the row stays buffered for the next attempt. Never throws, except for <paramref name="cancellationToken"/>.
    /// </summary>
    ValueTask AppendAcknowledgedAsync(RequestLogEntry entry, CancellationToken cancellationToken = default);
}
