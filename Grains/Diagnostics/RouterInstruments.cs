using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Task-router instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class RouterInstruments
{
    private readonly Counter<long> _choices;

    public RouterInstruments(IMeterFactory meterFactory)
        => _choices = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion)
            .CreateCounter<long>(InstrumentNames.RouterChoices, "{task}", "Tasks routed, tagged capability and the chosen agent");

    /// <summary>A task needing <paramref name="capability"/> was routed to <paramref name="agent"/>.</summary>
    public void OnChosen(string capability, string agent)
        => _choices.Add(1, new TagList { { TagNames.Capability, capability }, { TagNames.Agent, agent } });
}
