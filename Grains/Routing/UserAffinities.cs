using Microsoft.Extensions.Caching.Memory;

namespace OrleansAgents.Routing;

/// <summary>
/// Each user's affinity agent for one capability: set explicitly (a preferred agent, kept until another is given) or
/// learned — the agent that served the user best recently: the first success, then any agent that answers the user
/// faster than the current one's EWMA; a failure of the learned agent forgets it. Bounded (LRU by size) and expiring.
/// </summary>
internal sealed class UserAffinities : IDisposable
{
    private readonly MemoryCache _users;
    private readonly RouterOptions _options;

    public UserAffinities(RouterOptions options, TimeProvider time)
    {
        _options = options;
        _users = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MaxUsers, Clock = new TimeProviderClock(time), CompactionPercentage = 0.1 });
    }

    /// <summary>The user's affinity agent, if any.</summary>
    public string? Get(string? user) => user is not null && _users.TryGetValue(user, out Affinity? a) ? a!.Agent : null;

    /// <summary>Whether the user's affinity was set explicitly.</summary>
    public bool IsExplicit(string? user) => user is not null && _users.TryGetValue(user, out Affinity? a) && a!.Explicit;

    /// <summary>Makes <paramref name="agent"/> the user's affinity until another preference is given.</summary>
    public void Prefer(string user, string agent) => Store(user, new Affinity(agent, double.NaN, Explicit: true));

    /// <summary>Learns from a routed call of <paramref name="user"/> that <paramref name="agent"/> served.</summary>
    public void Learn(string? user, string agent, double latencyMs, bool success)
    {
        if (user is null)
        {
            return;
        }

        var current = _users.TryGetValue(user, out Affinity? a) ? a : null;
        if (current is { Explicit: true })
        {
            return;
        }

        if (!success)
        {
            if (current?.Agent == agent)
            {
                _users.Remove(user);
            }

            return;
        }

        if (current is null || (current.Agent != agent && latencyMs < current.LatencyMs))
        {
            Store(user, new Affinity(agent, latencyMs, Explicit: false));
        }
        else if (current.Agent == agent)
        {
            Store(user, current with { LatencyMs = current.LatencyMs + (_options.EwmaAlpha * (latencyMs - current.LatencyMs)) });
        }
    }

    private void Store(string user, Affinity affinity)
        => _users.Set(user, affinity, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _options.AffinityTtl });

    public void Dispose() => _users.Dispose();

    private sealed record Affinity(string Agent, double LatencyMs, bool Explicit);

    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
