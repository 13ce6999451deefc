using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Inference (batching) instruments of the <c>OrleansAgents</c> meter, all tagged by device.</summary>
internal sealed class InferenceInstruments
{
    private readonly ObservedSources<int> _queues = new();
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _paddingRatio;
    private readonly Counter<long> _rejected;

    public InferenceInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _batchSize = meter.CreateHistogram<int>(InstrumentNames.InferenceBatchSize, "{request}", "Requests per model run");
        _duration = meter.CreateHistogram<double>(InstrumentNames.InferenceDuration, "ms", "Model run duration");
        _queueWait = meter.CreateHistogram<double>(InstrumentNames.InferenceQueueWait, "ms", "Time a request waited for its batch");
        _paddingRatio = meter.CreateHistogram<double>(
            InstrumentNames.InferencePaddingRatio, "1", "Share of a batch's padded input that was padding");
        meter.CreateObservableGauge(
            InstrumentNames.InferenceQueueDepth, () => _queues.Measure(TagNames.Device), "{request}", "Requests waiting for a batch");
        _rejected = meter.CreateCounter<long>(InstrumentNames.InferenceRejected, "{request}", "Requests that were not run");
    }

    /// <summary>Reports <paramref name="depth"/> as the queue depth of <paramref name="device"/> until the result is disposed.</summary>
    public IDisposable RegisterQueueDepth(string device, Func<int> depth) => _queues.Add(device, depth);

    /// <summary>A batch of <paramref name="size"/> requests ran on <paramref name="device"/>.</summary>
    public void OnBatchRun(string device, int size, double runMs, double paddingRatio)
    {
        var deviceTag = new KeyValuePair<string, object?>(TagNames.Device, device);
        _batchSize.Record(size, deviceTag);
        _duration.Record(runMs, deviceTag);
        _paddingRatio.Record(paddingRatio, deviceTag);
    }

    /// <summary>A request waited <paramref name="queueMs"/> milliseconds on <paramref name="device"/> before its batch ran.</summary>
    public void OnQueueWait(string device, double queueMs)
    {
        if (_queueWait.Enabled)
        {
            _queueWait.Record(queueMs, new KeyValuePair<string, object?>(TagNames.Device, device));
        }
    }

    /// <summary><paramref name="count"/> requests of <paramref name="device"/> were not run, for <paramref name="reason"/>.</summary>
    public void OnRejected(string device, RejectionReason reason, int count = 1)
        => _rejected.Add(count, new(TagNames.Device, device), new(TagNames.Reason, reason.ToTag()));
}
