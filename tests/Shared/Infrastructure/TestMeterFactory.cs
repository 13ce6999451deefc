using System.Diagnostics.Metrics;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>An <see cref="IMeterFactory"/> for a component built without a host; disposing it ends its meters.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(meter => meter.Dispose());
            _meters.Clear();
        }
    }
}
