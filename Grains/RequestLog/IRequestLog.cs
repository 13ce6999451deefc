namespace OrleansAgents.RequestLog;

/// <summary>Where finished requests are recorded. Appending never blocks and never throws.</summary>
public interface IRequestLog
{
    /// <summary>Queues <paramref name="entry"/> for the next batch; when the bounded buffer is full it is dropped and counted.</summary>
    void Append(RequestLogEntry entry);
}
