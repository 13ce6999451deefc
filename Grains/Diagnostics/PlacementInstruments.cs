using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Placement instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class PlacementInstruments
{
    private readonly Counter<long> _decisions;

    public PlacementInstruments(IMeterFactory meterFactory)
        => _decisions = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion)
            .CreateCounter<long>(InstrumentNames.PlacementDecisions, "{decision}", "Agent placement decisions");

    /// <summary>The <paramref name="strategy"/> placed an agent on <paramref name="silo"/> (none when it failed).</summary>
    public void OnDecision(string strategy, SiloAddress? silo, PlacementOutcome outcome)
    {
        if (_decisions.Enabled)
        {
            _decisions.Add(1, new TagList
            {
                { TagNames.Strategy, strategy },
                { TagNames.Silo, silo?.ToString() ?? "none" },
                { TagNames.Outcome, outcome.ToTag() },
            });
        }
    }
}
