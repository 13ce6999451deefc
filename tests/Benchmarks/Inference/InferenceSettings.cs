namespace OrleansAgents.Benchmarks.Inference;

/// <summary>What one <c>inference</c> run measures, as given on the command line.</summary>
/// <param name="Model">Inference:Model of every mode.</param>
/// <param name="Json">The JSON file to write, if any.</param>
/// <param name="Seconds">Measured seconds per mode (and per batch size of the sweep, and of the open-loop phase).</param>
/// <param name="Callers">Closed-loop callers; null scales them with the batch size (<see cref="CallersFor"/>).</param>
/// <param name="Modes">The modes to run, in order.</param>
/// <param name="BucketTokens">Inference:LengthBucketTokens, or null for its default.</param>
/// <param name="Device">The device of every mode: <c>cpu</c> or <c>cuda:N</c> (Inference:Devices of the grain modes, the raw modes'
/// provider); null for <c>cpu</c> with the CPU benchmark's output.</param>
/// <param name="BatchSizes">MaxBatchSize values to sweep over the batched mode before the modes; the best one is then every mode's batch size.</param>
/// <param name="LoadFraction">After the batched mode's closed loop, an open loop at this fraction of its throughput; null for none.</param>
internal sealed record InferenceSettings(
    string Model,
    string? Json,
    double Seconds,
    int? Callers,
    IReadOnlyList<string> Modes,
    int? BucketTokens,
    string? Device = null,
    IReadOnlyList<int>? BatchSizes = null,
    double? LoadFraction = null)
{
    /// <summary>The device every mode runs on.</summary>
    public string EffectiveDevice => Device ?? "cpu";

    /// <summary>The default closed-loop callers at batch 32: the figure the CPU benchmarks were always taken with.</summary>
    public const int DefaultCallers = 256;

    /// <summary>The largest batch the raw modes can form from the benchmark's text pool.</summary>
    public const int MaxSweepBatchSize = 2048;

    /// <summary>Whether any GPU-harness option was given; without one the output stays the CPU benchmark's.</summary>
    public bool Extended => Device is not null || BatchSizes is { Count: > 0 } || LoadFraction is not null;

    /// <summary>
    /// Callers for batches of <paramref name="maxBatchSize"/>: as given, else enough to keep two full batches queued while
    /// one runs (a GPU wants batches of hundreds), and never fewer than the CPU default.
    /// </summary>
    public int CallersFor(int maxBatchSize) => Callers ?? Math.Max(DefaultCallers, 2 * maxBatchSize);

    /// <summary>Parses <c>32,64,128</c>; throws on a size outside 1..<see cref="MaxSweepBatchSize"/>.</summary>
    public static IReadOnlyList<int> ParseBatchSizes(string? text)
    {
        var sizes = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        if (sizes.Any(s => s is < 1 or > MaxSweepBatchSize))
        {
            throw new ArgumentException($"--batch-sizes: every size must be between 1 and {MaxSweepBatchSize}.");
        }

        return sizes;
    }
}
