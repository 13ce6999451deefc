namespace OrleansAgents.Placement;

/// <summary>One silo's load as the snapshot last saw it.</summary>
/// <param name="CpuUsage">Filtered CPU usage, 0–100.</param>
/// <param name="MemoryUsage">Share of the memory available to the process in use, 0–1.</param>
/// <param name="ActivationCount">Grain activations on the silo.</param>
/// <param name="QueueDepth">Inference requests waiting on all its devices (plus any simulated depth).</param>
internal sealed record SiloLoad(float CpuUsage, double MemoryUsage, int ActivationCount, int QueueDepth)
{
    public static IReadOnlyDictionary<string, int> NoAgentsInFlight { get; } = new Dictionary<string, int>();

    public static SiloLoad Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Requests in flight per agent activated on the silo; agents with none are left out.</summary>
    public IReadOnlyDictionary<string, int> AgentsInFlight { get; init; } = NoAgentsInFlight;

    /// <summary>
    /// The models the silo serves, as it last said; null when unknown (it did not answer), and then its silo metadata
    /// (<see cref="SiloCapabilities.Models"/>) counts.
    /// </summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Agent activations on the silo (part of <see cref="ActivationCount"/>).</summary>
    public int AgentCount { get; init; }
}
