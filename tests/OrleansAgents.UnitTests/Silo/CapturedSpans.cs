using System.Collections;
using System.Diagnostics;

namespace OrleansAgents.Tests.Silo;

/// <summary>The spans an in-memory exporter hands over, safe to read while the silo adds more.</summary>
public sealed class CapturedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of <paramref name="trace"/> exported so far.</summary>
    public Activity[] Of(ActivityTraceId trace)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == trace)];
        }
    }

    /// <summary>
    /// The spans of <paramref name="trace"/> once <paramref name="root"/> (the last span to end) is among them: a server
    /// ends its request's span after the response has left, so a caller may read the answer first.
    /// </summary>
    public async Task<Activity[]> WaitForAsync(ActivityTraceId trace, Func<Activity, bool> root)
    {
        var timeout = Stopwatch.StartNew();
        while (true)
        {
            var spans = Of(trace);
            if (spans.Any(root) || timeout.Elapsed > TimeSpan.FromSeconds(10))
            {
                return spans;
            }

            await Task.Delay(20);
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
