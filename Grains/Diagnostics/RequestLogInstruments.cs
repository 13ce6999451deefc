using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Request-log instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class RequestLogInstruments
{
    private readonly ObservedSources<int> _buffered = new();
    private readonly Counter<long> _rowsWritten;
    private readonly Counter<long> _rowsDropped;
    private readonly Counter<long> _flushFailures;
    private readonly Counter<long> _ackTimeouts;

    public RequestLogInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _rowsWritten = meter.CreateCounter<long>(InstrumentNames.RequestLogRowsWritten, "{row}", "Request-log rows written to PostgreSQL");
        _rowsDropped = meter.CreateCounter<long>(
            InstrumentNames.RequestLogRowsDropped, "{row}", "Request-log rows dropped because the buffer was full");
        _flushFailures = meter.CreateCounter<long>(
            InstrumentNames.RequestLogFlushFailures, "{attempt}", "Failed attempts to write a request-log batch");
        _ackTimeouts = meter.CreateCounter<long>(
            InstrumentNames.RequestLogAckTimeouts, "{response}", "Responses that stopped waiting for their request-log row's commit");
        // Exported at 0 from the start, so that rate() and the alerts on losses see the series before the first one.
        _rowsDropped.Add(0);
        _flushFailures.Add(0);
        _ackTimeouts.Add(0);
        meter.CreateObservableGauge(
            InstrumentNames.RequestLogBuffered, () => _buffered.Total(), "{row}", "Request-log rows waiting to be written");
    }

    /// <summary>Adds <paramref name="buffered"/> to the rows reported as waiting, until the result is disposed.</summary>
    public IDisposable RegisterBuffered(Func<int> buffered) => _buffered.Add("", buffered);

    /// <summary><paramref name="count"/> rows were committed.</summary>
    public void OnRowsWritten(int count) => _rowsWritten.Add(count);

    /// <summary><paramref name="count"/> rows were lost (buffer full, or unwritten at shutdown).</summary>
    public void OnRowsDropped(int count) => _rowsDropped.Add(count);

    /// <summary>An attempt to write a batch failed; it will be retried.</summary>
    public void OnFlushFailed() => _flushFailures.Add(1);

    /// <summary>A response stopped waiting for its row's commit.</summary>
    public void OnAckTimedOut() => _ackTimeouts.Add(1);
}
