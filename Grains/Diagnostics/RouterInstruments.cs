using System.Diagnostics.Metrics;

namespace OrleansAgents.Diagnostics;

/// <summary>Task-router instruments of the <c>OrleansAgents</c> meter.</summary>
internal static class RouterInstruments
{
    internal static readonly Counter<long> Choices = AgentsInstruments.Meter.CreateCounter<long>(
        InstrumentNames.RouterChoices, "{task}", "Tasks routed, tagged capability and the chosen agent");
}
