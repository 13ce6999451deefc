using System.Diagnostics.Metrics;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>Listens to the batcher's own instruments: batches run, requests in them, padding.</summary>
internal sealed class BatchMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _batches;
    private long _requests;
    private double _padding;
    private double _runMs;

    public BatchMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InstrumentNames.Meter
                && instrument.Name is InstrumentNames.InferenceBatchSize or InstrumentNames.InferencePaddingRatio or InstrumentNames.InferenceDuration)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_listener)
            {
                if (instrument.Name == InstrumentNames.InferenceDuration)
                {
                    _runMs += value * 1000; // recorded in seconds
                }
                else
                {
                    _padding += value;
                }
            }
        });
        _listener.Start();
    }

    public void Reset()
    {
        lock (_listener)
        {
            _batches = 0;
            _requests = 0;
            _padding = 0;
            _runMs = 0;
        }
    }

    public double MeanBatchSize => _batches == 0 ? 0 : (double)_requests / _batches;

    public double MeanPaddingRatio => _batches == 0 ? 0 : _padding / _batches;

    /// <summary>Milliseconds spent inside ONNX Runtime's Run since the last reset.</summary>
    public double RunMs => _runMs;

    public void Dispose() => _listener.Dispose();
}
