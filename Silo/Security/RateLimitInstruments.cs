using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Silo.Security;

/// <summary>Rate-limiter instruments of the <c>OrleansAgents</c> meter.</summary>
internal sealed class RateLimitInstruments
{
    private const string CallerTag = "caller";
    private readonly Counter<long> _rejected;

    public RateLimitInstruments(IMeterFactory meterFactory)
        => _rejected = meterFactory.Create(InstrumentNames.Meter, InstrumentNames.MeterVersion)
            .CreateCounter<long>(InstrumentNames.RateLimitRejected, "{request}", "Requests refused by the per-caller rate limiter, tagged caller kind");

    /// <summary>A request of a caller of kind <paramref name="callerKind"/> (user, client, ip) was refused.</summary>
    public void OnRejected(string callerKind) => _rejected.Add(1, new TagList { { CallerTag, callerKind } });
}
