namespace OrleansAgents.Routing;

/// <summary>
/// What one router knows about its candidate agents, kept live: EWMAs of latency and success from every call it routed,
/// the requests each agent last reported in flight, and the calls the router has in flight to each. A candidate's score is
/// performance × (1 − load) × affinity boost × text match: fast, reliable agents win, a busy one yields to an idle one,
/// the agent a user has been served well by keeps that user unless it is clearly worse, and an agent whose profile matches
/// the task's text less well than the best one's is scaled down (<see cref="TextMatch"/>, computed by the caller). Not
/// thread-safe: it lives in a grain.
/// </summary>
internal sealed class AgentScoreboard
{
    private readonly Dictionary<string, Entry> _entries;
    private readonly RouterOptions _options;

    public AgentScoreboard(IEnumerable<(string Agent, int MaxConcurrency)> candidates, RouterOptions options)
    {
        _options = options;
        _entries = candidates.ToDictionary(
            c => c.Agent,
            c => new Entry(c.MaxConcurrency) { LatencyMs = options.PriorLatencyMs, Success = 1 },
            StringComparer.Ordinal);
        if (_entries.Count == 0)
        {
            throw new ArgumentException("A scoreboard needs at least one candidate.", nameof(candidates));
        }
    }

    public IReadOnlyCollection<string> Agents => _entries.Keys;

    public bool Contains(string agent) => _entries.ContainsKey(agent);

    /// <summary>Folds one finished call into the agent's EWMAs.</summary>
    public void Record(string agent, double latencyMs, bool success)
    {
        var e = _entries[agent];
        var a = _options.EwmaAlpha;
        e.Success += a * ((success ? 1 : 0) - e.Success);
        if (success)
        {
            e.LatencyMs += a * (latencyMs - e.LatencyMs); // a failure's duration says nothing about service time
        }
    }

    /// <summary>The requests the agent last reported in flight (from any caller, this router's included).</summary>
    public void ReportInFlight(string agent, int inFlight) => _entries[agent].ReportedInFlight = Math.Max(0, inFlight);

    public void CallStarted(string agent) => _entries[agent].RoutedInFlight++;

    public void CallEnded(string agent) => _entries[agent].RoutedInFlight--;

    /// <summary>
    /// Every candidate's score for a user whose affinity agent is <paramref name="affinityAgent"/>, best first (ties keep
    /// candidate order), with each candidate's match to the task's text (<see langword="null"/> or a candidate missing:
    /// match 1, no relevance).
    /// </summary>
    public RouteScore[] Score(string? affinityAgent, IReadOnlyDictionary<string, TextMatch>? matches = null)
    {
        var scores = _entries.Select(kv => ScoreOf(
                kv.Key,
                kv.Value,
                string.Equals(kv.Key, affinityAgent, StringComparison.Ordinal),
                matches is not null && matches.TryGetValue(kv.Key, out var m) ? m : null))
            .ToArray();
        return [.. scores.OrderByDescending(s => s.Score)];
    }

    private RouteScore ScoreOf(string agent, Entry e, bool affinity, TextMatch? match)
    {
        var performance = e.Success / (1 + (e.LatencyMs / _options.LatencyScaleMs));
        // What the agent last reported, or what this router alone has in flight if that is more (it is fresher); a queue
        // beyond the agent's slots is still "full".
        var inFlight = Math.Max(e.ReportedInFlight, e.RoutedInFlight);
        var load = e.MaxConcurrency <= 0 ? 1 : Math.Clamp((double)inFlight / e.MaxConcurrency, 0, 1);
        var boost = affinity ? _options.AffinityBoost : 1;
        return new RouteScore
        {
            Agent = agent,
            Performance = performance,
            Load = load,
            Affinity = boost,
            Relevance = match?.Relevance,
            Match = match?.Match ?? 1,
            Score = performance * (1 - load) * boost * (match?.Match ?? 1),
            LatencyMs = e.LatencyMs,
            SuccessRate = e.Success,
        };
    }

    private sealed class Entry(int maxConcurrency)
    {
        public int MaxConcurrency { get; } = maxConcurrency;

        public double LatencyMs { get; set; }

        public double Success { get; set; }

        public int ReportedInFlight { get; set; }

        public int RoutedInFlight { get; set; }
    }
}
