using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansAgents.Agents;

namespace OrleansAgents.Diagnostics;

/// <summary>Agent request instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class AgentInstruments
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;

    public AgentInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _requests = meter.CreateCounter<long>(InstrumentNames.AgentRequests, "{request}", "Finished agent requests");
        _duration = meter.CreateHistogram<double>(
            InstrumentNames.AgentRequestDuration, "s", "End-to-end agent request duration", advice: new() { HistogramBucketBoundaries = HistogramBuckets.Latency });
        _active = meter.CreateUpDownCounter<long>(
            InstrumentNames.AgentRequestsActive, "{request}", "Agent requests in flight (answering or waiting for a slot)");
    }

    /// <summary>An agent request started; <see cref="OnRequestFinished"/> ends it.</summary>
    public void OnRequestStarted(string agent, AgentTier tier) => _active.Add(1, AgentTags(agent, tier));

    /// <summary>An agent request that <see cref="OnRequestStarted"/> reported finished after <paramref name="duration"/>.</summary>
    public void OnRequestFinished(string agent, AgentTier tier, RequestOutcome outcome, TimeSpan duration)
    {
        _active.Add(-1, AgentTags(agent, tier));
        if (!_requests.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = AgentTags(agent, tier);
        tags.Add(TagNames.Outcome, outcome.ToTag());
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    private static TagList AgentTags(string agent, AgentTier tier) => new() { { TagNames.Agent, agent }, { TagNames.Tier, tier.ToTag() } };
}
