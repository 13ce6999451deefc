namespace OrleansAgents.Placement;

/// <summary>
/// Scores candidate silos by load, lower is better: CPU (0–100 %) and memory (0–1) as they are, activations and queue
/// depth relative to the busiest candidate (so they matter however large the numbers), each times its weight.
/// </summary>
internal static class LoadScore
{
    public static double[] Compute(IReadOnlyList<SiloLoad> loads, PlacementOptions weights)
    {
        var maxActivations = Math.Max(1, loads.Max(l => l.ActivationCount));
        var maxQueue = Math.Max(1, loads.Max(l => l.QueueDepth));
        return [.. loads.Select(l =>
            weights.CpuWeight * Math.Clamp(l.CpuUsage / 100.0, 0, 1)
            + weights.MemoryWeight * l.MemoryUsage
            + weights.ActivationWeight * l.ActivationCount / maxActivations
            + weights.QueueDepthWeight * l.QueueDepth / maxQueue)];
    }
}
