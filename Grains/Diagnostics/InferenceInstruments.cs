using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Inference (batching) instruments of the <c>OrleansAgents</c> meter, all tagged by device.</summary>
internal sealed class InferenceInstruments
{
    private readonly ObservedSources<int> _queues = new();
    private readonly ObservedSources<long> _modelMemory = new();
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchFill;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _compute;
    private readonly Histogram<double> _paddingRatio;
    private readonly Histogram<double> _modelLoad;
    private readonly Counter<long> _rejected;

    public InferenceInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _batchSize = meter.CreateHistogram<int>(
            InstrumentNames.InferenceBatchSize, "{request}", "Requests per model run", advice: new() { HistogramBucketBoundaries = HistogramBuckets.BatchSize });
        _batchFill = Ratio(meter, InstrumentNames.InferenceBatchFill, "Requests per model run over Inference:MaxBatchSize");
        _duration = Seconds(meter, InstrumentNames.InferenceDuration, "Model run duration", HistogramBuckets.Latency);
        _queueWait = Seconds(meter, InstrumentNames.InferenceQueueWait, "Time a request waited for its batch", HistogramBuckets.Latency);
        _compute = Seconds(meter, InstrumentNames.InferenceComputeDuration, "Time a request's batch took to run, per request", HistogramBuckets.Latency);
        _paddingRatio = Ratio(meter, InstrumentNames.InferencePaddingRatio, "Share of a batch's padded input that was padding");
        _modelLoad = Seconds(meter, InstrumentNames.InferenceModelLoadDuration, "Time a device took to load its model", HistogramBuckets.ModelLoad);
        meter.CreateObservableGauge(
            InstrumentNames.InferenceQueueDepth, () => _queues.Measure(TagNames.Device), "{request}", "Requests waiting for a batch");
        meter.CreateObservableGauge(
            InstrumentNames.InferenceModelMemory, () => _modelMemory.Measure(TagNames.Model), "By", "Working-set growth while the model loaded");
        _rejected = meter.CreateCounter<long>(InstrumentNames.InferenceRejected, "{request}", "Requests that were not run");
    }

    /// <summary>
    /// Reports <paramref name="depth"/> as the queue depth of <paramref name="device"/> until the result is disposed, and
    /// exports the device's rejection counters at 0 so that <c>rate()</c> and alerts see them before the first rejection.
    /// </summary>
    public IDisposable RegisterDevice(string device, Func<int> depth)
    {
        foreach (var reason in Enum.GetValues<RejectionReason>())
        {
            OnRejected(device, reason, 0);
        }

        return _queues.Add(device, depth);
    }

    /// <summary>Reports <paramref name="bytes"/> as the memory of <paramref name="model"/> until the result is disposed.</summary>
    public IDisposable RegisterModel(string model, long bytes) => _modelMemory.Add(model, () => bytes);

    /// <summary><paramref name="device"/> loaded its model in <paramref name="duration"/>.</summary>
    public void OnModelLoaded(string device, TimeSpan duration) => _modelLoad.Record(duration.TotalSeconds, DeviceTag(device));

    /// <summary>A batch of <paramref name="size"/> requests (at most <paramref name="maxSize"/>) ran on <paramref name="device"/>.</summary>
    public void OnBatchRun(string device, int size, int maxSize, TimeSpan run, double paddingRatio)
    {
        var deviceTag = DeviceTag(device);
        _batchSize.Record(size, deviceTag);
        _batchFill.Record((double)size / maxSize, deviceTag);
        _duration.Record(run.TotalSeconds, deviceTag);
        _paddingRatio.Record(paddingRatio, deviceTag);
    }

    /// <summary>A request waited <paramref name="queued"/> on <paramref name="device"/>, then its batch ran for <paramref name="computed"/>.</summary>
    public void OnRequestRan(string device, TimeSpan queued, TimeSpan computed)
    {
        if (_queueWait.Enabled || _compute.Enabled)
        {
            var deviceTag = DeviceTag(device);
            _queueWait.Record(queued.TotalSeconds, deviceTag);
            _compute.Record(computed.TotalSeconds, deviceTag);
        }
    }

    /// <summary><paramref name="count"/> requests of <paramref name="device"/> were not run, for <paramref name="reason"/>.</summary>
    public void OnRejected(string device, RejectionReason reason, int count = 1)
        => _rejected.Add(count, new(TagNames.Device, device), new(TagNames.Reason, reason.ToTag()));

    private static KeyValuePair<string, object?> DeviceTag(string device) => new(TagNames.Device, device);

    private static Histogram<double> Seconds(Meter meter, string name, string description, IReadOnlyList<double> buckets)
        => meter.CreateHistogram<double>(name, "s", description, advice: new() { HistogramBucketBoundaries = buckets });

    private static Histogram<double> Ratio(Meter meter, string name, string description)
        => meter.CreateHistogram<double>(name, "1", description, advice: new() { HistogramBucketBoundaries = HistogramBuckets.Ratio });
}
