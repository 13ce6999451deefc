using System.Collections.Concurrent;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.RequestLog;

/// <summary>
/// This silo's rolling windows, one per agent answered here, fed with every request-log row (<see cref="MemoryRequestLog"/>).
/// An agent that migrates leaves its figures on the silos it ran on; <see cref="MemoryRequestStats"/> sums every silo's.
/// Memory: the catalog's agents at most, each at most <c>61 + 745</c> buckets of about 0.9 KB, allocated as requests
/// arrive (about 0.7 MB for an agent busy every hour of the 31 days).
/// </summary>
internal sealed class LiveRequestStats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RollingRequestWindow> _agents = new(StringComparer.Ordinal);

    public void Record(RequestLogEntry entry)
        => _agents.GetOrAdd(entry.Agent, static _ => new RollingRequestWindow()).Record(
            entry.CreatedAt,
            entry.TotalMs,
            error: !string.Equals(entry.Outcome, RequestOutcome.Ok.ToTag(), StringComparison.Ordinal),
            hit: entry.Coalesced || !string.Equals(entry.CacheLayer, "none", StringComparison.Ordinal));

    /// <summary>The agent's figures on this silo over the last <paramref name="window"/> (whole buckets).</summary>
    public RequestCounts Get(string agent, TimeSpan window)
    {
        var sum = new RequestCounts();
        if (_agents.TryGetValue(agent, out var rolling))
        {
            rolling.AddTo(sum, time.GetUtcNow(), window);
        }

        return sum;
    }
}
