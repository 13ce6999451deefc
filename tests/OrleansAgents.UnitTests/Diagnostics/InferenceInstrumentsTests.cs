using System.Diagnostics.Metrics;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Diagnostics;

/// <summary>The agent and inference instruments in Prometheus base units: seconds, ratios, and counters that start at 0.</summary>
public sealed class InferenceInstrumentsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = [];
    private readonly Dictionary<string, Instrument> _instruments = [];
    private readonly MeterListener _listener = new();

    public InferenceInstrumentsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters)
            {
                _instruments[instrument.Name] = instrument;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Keep(i, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public void OnBatchRun_WhenEightOfThirtyTwoRanFor12Ms_RecordsFillAQuarterAndTheRunInSeconds()
    {
        var instruments = new InferenceInstruments(_meters);

        instruments.OnBatchRun("cpu", 8, 32, TimeSpan.FromMilliseconds(12), 0.5);

        Assert.Equal([8.0], Values(InstrumentNames.InferenceBatchSize));
        Assert.Equal([0.25], Values(InstrumentNames.InferenceBatchFill));
        Assert.Equal([0.012], Values(InstrumentNames.InferenceDuration));
        Assert.All(_measured, m => Assert.Equal("cpu", m.Tags["device"]));
    }

    [Fact]
    public void OnRequestRan_WhenQueuedThenComputed_RecordsBothInSeconds()
    {
        var instruments = new InferenceInstruments(_meters);

        instruments.OnRequestRan("cuda:0", TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(5));

        Assert.Equal([0.03], Values(InstrumentNames.InferenceQueueWait));
        Assert.Equal([0.005], Values(InstrumentNames.InferenceComputeDuration));
    }

    [Fact]
    public void RegisterDevice_WhenADeviceStarts_ExportsItsRejectionCountersAtZeroAndItsModelLoadTime()
    {
        var instruments = new InferenceInstruments(_meters);

        using var device = instruments.RegisterDevice("cpu", () => 0);
        instruments.OnModelLoaded("cpu", TimeSpan.FromSeconds(1.5));

        var rejected = _measured.Where(m => m.Instrument == InstrumentNames.InferenceRejected).ToList();
        Assert.Equal(["cancelled", "deadline", "queue-full", "tenant-share"], rejected.Select(m => (string)m.Tags["reason"]!).Order());
        Assert.All(rejected, m => Assert.Equal(0, m.Value));
        Assert.Equal([1.5], Values(InstrumentNames.InferenceModelLoadDuration));
    }

    [Fact]
    public void AgentRequests_WhenTwoStartAndOneFinishes_LeaveOneInFlightAndRecordTheDurationInSeconds()
    {
        var instruments = new AgentInstruments(_meters);

        instruments.OnRequestStarted("semgrep-security-analyzer", AgentTier.Light);
        instruments.OnRequestStarted("semgrep-security-analyzer", AgentTier.Light);
        instruments.OnRequestFinished("semgrep-security-analyzer", AgentTier.Light, RequestOutcome.Ok, TimeSpan.FromMilliseconds(250));

        Assert.Equal(1, Values(InstrumentNames.AgentRequestsActive).Sum());
        Assert.Equal([0.25], Values(InstrumentNames.AgentRequestDuration));
        Assert.Equal([1.0], Values(InstrumentNames.AgentRequests));
    }

    [Theory]
    [InlineData(InstrumentNames.AgentRequestDuration)]
    [InlineData(InstrumentNames.InferenceDuration)]
    [InlineData(InstrumentNames.InferenceQueueWait)]
    [InlineData(InstrumentNames.InferenceComputeDuration)]
    [InlineData(InstrumentNames.InferenceModelLoadDuration)]
    public void DurationHistograms_AreInSecondsWithBucketsFromASubMillisecondUp(string name)
    {
        _ = new AgentInstruments(_meters);
        _ = new InferenceInstruments(_meters);

        var histogram = Assert.IsType<Histogram<double>>(_instruments[name]);
        Assert.Equal("s", histogram.Unit);
        var buckets = histogram.Advice!.HistogramBucketBoundaries!;
        Assert.True(buckets[0] <= 0.05 && buckets[^1] >= 30, string.Join(", ", buckets));
    }

    private double[] Values(string instrument) => [.. _measured.Where(m => m.Instrument == instrument).Select(m => m.Value)];

    private void Keep<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
        => _measured.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object?>(tags.ToArray())));
}
