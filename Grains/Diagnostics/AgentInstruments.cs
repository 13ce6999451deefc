using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansAgents.Agents;

namespace OrleansAgents.Diagnostics;

/// <summary>Agent request instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class AgentInstruments
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public AgentInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion);
        _requests = meter.CreateCounter<long>(InstrumentNames.AgentRequests, "{request}", "Finished agent requests");
        _duration = meter.CreateHistogram<double>(InstrumentNames.AgentRequestDuration, "ms", "End-to-end agent request duration");
    }

    /// <summary>An agent request finished after <paramref name="durationMs"/> milliseconds.</summary>
    public void OnRequestFinished(string agent, AgentTier tier, RequestOutcome outcome, double durationMs)
    {
        if (!_requests.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { TagNames.Agent, agent }, { TagNames.Tier, tier.ToTag() }, { TagNames.Outcome, outcome.ToTag() } };
        _requests.Add(1, tags);
        _duration.Record(durationMs, tags);
    }
}
