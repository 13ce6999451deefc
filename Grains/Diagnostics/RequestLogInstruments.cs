using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansAgents.RequestLog;

namespace OrleansAgents.Diagnostics;

/// <summary>Request-log instruments of the <c>OrleansAgents</c> meter.</summary>
internal static class RequestLogInstruments
{
    private static readonly ConcurrentDictionary<PostgresRequestLog, byte> Logs = new();

    internal static readonly Counter<long> RowsWritten = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.RequestLogRowsWritten, "{row}", "Request-log rows written to PostgreSQL");

    internal static readonly Counter<long> RowsDropped = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.RequestLogRowsDropped, "{row}", "Request-log rows dropped because the buffer was full");

    internal static readonly Counter<long> FlushFailures = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.RequestLogFlushFailures, "{attempt}", "Failed attempts to write a request-log batch");

    internal static readonly Counter<long> AckTimeouts = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.RequestLogAckTimeouts, "{response}", "Responses that stopped waiting for their request-log row's commit");

    internal static readonly ObservableGauge<int> Buffered = AgentsInstruments.Meter.CreateObservableGauge(
        InstrumentNames.RequestLogBuffered, () => Logs.Keys.Sum(l => l.Buffered), "{row}", "Request-log rows waiting to be written");

    internal static void Track(PostgresRequestLog log) => Logs.TryAdd(log, 0);

    internal static void Untrack(PostgresRequestLog log) => Logs.TryRemove(log, out _);
}
