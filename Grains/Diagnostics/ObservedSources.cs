using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;

namespace OrleansAgents.Diagnostics;

/// <summary>
/// The measurement sources of one observable gauge, registered by the objects that own the measured state; each
/// registration ends when its owner disposes the handle, so the gauge never holds the owner itself.
/// </summary>
internal sealed class ObservedSources<T>
    where T : struct, INumber<T>
{
    private readonly ConcurrentDictionary<Registration, byte> _sources = new();

    /// <summary>Adds <paramref name="read"/>, reported under <paramref name="tagValue"/>; dispose the result to remove it.</summary>
    public IDisposable Add(string tagValue, Func<T> read)
    {
        var registration = new Registration(this, tagValue, read);
        _sources.TryAdd(registration, 0);
        return registration;
    }

    /// <summary>
    /// One measurement per tag value, the sum of its sources: two activations of one agent on a silo (one still
    /// deactivating while the next starts) are reported together instead of one hiding the other.
    /// </summary>
    public IEnumerable<Measurement<T>> Measure(string tagName)
    {
        var totals = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var source in _sources.Keys)
        {
            totals[source.TagValue] = totals.GetValueOrDefault(source.TagValue) + source.Read();
        }

        return totals.Select(total => new Measurement<T>(total.Value, new KeyValuePair<string, object?>(tagName, total.Key)));
    }

    /// <summary>The sum of every source.</summary>
    public T Total()
    {
        var total = T.Zero;
        foreach (var source in _sources.Keys)
        {
            total += source.Read();
        }

        return total;
    }

    private sealed class Registration(ObservedSources<T> owner, string tagValue, Func<T> read) : IDisposable
    {
        public string TagValue => tagValue;

        public T Read() => read();

        public void Dispose() => owner._sources.TryRemove(this, out _);
    }
}
