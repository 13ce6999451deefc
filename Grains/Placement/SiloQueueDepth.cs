namespace OrleansAgents.Placement;

/// <summary>The inference queue depth of <see cref="Silo"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.SiloQueueDepth")]
internal sealed record SiloQueueDepth([property: Id(0)] SiloAddress Silo, [property: Id(1)] int Depth);
