namespace OrleansAgents.Agents;

/// <summary>Changes to an agent's profile; absent fields keep their current value.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.ProfileUpdate")]
public sealed record ProfileUpdate
{
    /// <summary>Cache TTL in seconds, 15–1800.</summary>
    [Id(0)] public int? TtlSeconds { get; init; }

    /// <summary>Default request priority, 0–9.</summary>
    [Id(1)] public int? Priority { get; init; }

    /// <summary>L1 budget in bytes, 64 KiB–1 GiB.</summary>
    [Id(2)] public long? L1Bytes { get; init; }

    /// <summary>New semantic-cache threshold (0.5–1), or <c>null</c> to keep the current one.</summary>
    [Id(3)] public double? SemanticThreshold { get; init; }
}
