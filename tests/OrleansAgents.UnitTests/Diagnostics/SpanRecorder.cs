using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansAgents.Tests.Diagnostics;

/// <summary>Records every span of one activity source that ends while it lives (all of them sampled).</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _ended = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(string source)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ended.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The ended spans of <paramref name="trace"/> (other tests' spans end here too).</summary>
    public Activity[] Of(ActivityTraceId trace) => [.. _ended.Where(s => s.TraceId == trace)];

    public void Dispose() => _listener.Dispose();
}
