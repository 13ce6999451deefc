namespace OrleansAgents.RequestLog;

/// <summary>An agent's figures on one silo.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Counts">Its figures over the window asked for.</param>
[GenerateSerializer, Alias("OrleansAgents.SiloRequestCounts")]
internal sealed record SiloRequestCounts([property: Id(0)] SiloAddress Silo, [property: Id(1)] RequestCounts Counts);
