namespace OrleansAgents.RequestLog;

/// <summary>
/// The fixed log-scale latency bins of the in-memory stats: bin 0 holds latencies under <see cref="LowestMs"/>, bin
/// <c>i ≥ 1</c> holds [<c>LowestMs·2^((i−1)/8)</c>, <c>LowestMs·2^(i/8)</c>), and the last bin everything above (about 335 s).
/// A bin is reported as its geometric middle, so a percentile is within <see cref="RelativeError"/> of the true value.
/// </summary>
internal static class LatencyBins
{
    /// <summary>Bins per doubling of the latency.</summary>
    public const int PerDoubling = 8;

    /// <summary>Lower edge of bin 1, in milliseconds.</summary>
    public const double LowestMs = 0.01;

    /// <summary>Number of bins: under-range, 25 doublings (0.01 ms to about 335 s), the last one open-ended.</summary>
    public const int Count = 1 + (25 * PerDoubling);

    /// <summary>Largest relative distance between a bin's reported value and any latency in it: 2^(1/16) − 1 ≈ 4.4 %.</summary>
    public static readonly double RelativeError = Math.Pow(2, 1.0 / (2 * PerDoubling)) - 1;

    public static int IndexOf(double ms)
        => ms < LowestMs || double.IsNaN(ms) ? 0 : Math.Min(Count - 1, 1 + (int)Math.Floor(PerDoubling * Math.Log2(ms / LowestMs)));

    /// <summary>The value a bin stands for: the geometric middle of its edges (under range: half of <see cref="LowestMs"/>).</summary>
    public static double ValueOf(int index)
        => index == 0 ? LowestMs / 2 : LowestMs * Math.Pow(2, (index - 0.5) / PerDoubling);
}
