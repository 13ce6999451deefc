using System.Diagnostics.Metrics;
using OrleansAgents.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Diagnostics;

public sealed class CacheInstrumentsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void CacheBytes_WhenTwoActivationsOfOneAgentRegister_ReportsTheirSumUntilEachUnregisters()
    {
        var instruments = new CacheInstruments(_meters);
        var old = instruments.RegisterL1Bytes("semgrep", () => 100);
        using var current = instruments.RegisterL1Bytes("semgrep", () => 20);
        using var other = instruments.RegisterL1Bytes("aider", () => 7);

        Assert.Equal(new Dictionary<string, long> { ["semgrep"] = 120, ["aider"] = 7 }, ObserveCacheBytes());

        old.Dispose();
        Assert.Equal(new Dictionary<string, long> { ["semgrep"] = 20, ["aider"] = 7 }, ObserveCacheBytes());
    }

    private Dictionary<string, long> ObserveCacheBytes()
    {
        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == _meters && instrument.Name == InstrumentNames.CacheBytes)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => observed[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
