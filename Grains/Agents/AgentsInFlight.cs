using System.Collections.Concurrent;

namespace OrleansAgents.Agents;

/// <summary>
/// Requests inside each agent activated on this silo (answering or waiting for a slot). The silo publishes it with its
/// load (<see cref="Placement.ISiloLoadGrain"/>), so routers read agents' load from the load snapshot instead of calling
/// (and so activating, and keeping active) every candidate. An agent with nothing in flight has no entry.
/// </summary>
internal sealed class AgentsInFlight
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Started(string agent) => _counts.AddOrUpdate(agent, 1, static (_, n) => n + 1);

    public void Ended(string agent)
    {
        if (_counts.AddOrUpdate(agent, 0, static (_, n) => Math.Max(0, n - 1)) == 0)
        {
            // Removed only if still 0: a request that started meanwhile keeps its entry.
            _counts.TryRemove(KeyValuePair.Create(agent, 0));
        }
    }

    /// <summary>The agents with requests in flight now, and how many.</summary>
    public Dictionary<string, int> Snapshot()
        => _counts.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
