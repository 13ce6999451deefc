namespace OrleansAgents.Inference.Model;

/// <summary>
/// SplitMix64 generator with an approximately normal sampler, used for model weights.
/// <see cref="System.Random"/> is not used because its algorithm is not guaranteed to stay the
/// same across .NET versions, and the generated model must be byte-for-byte reproducible.
/// </summary>
internal sealed class DeterministicRandom
{
    // sqrt(3) / 65536: rescales a sum of four 16-bit uniforms (variance 65536^2 / 3) to unit variance.
    private const double LaneSumScale = 1.7320508075688772 / 65536.0;

    // Mean of a sum of four values uniform on [0, 65535].
    private const double LaneSumMean = 2.0 * 65535.0;

    private ulong state;

    /// <summary>Creates a generator whose whole output sequence is fixed by <paramref name="seed"/>.</summary>
    public DeterministicRandom(ulong seed) => state = seed;

    /// <summary>Next 64 uniformly distributed bits (SplitMix64).</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// Approximately standard-normal sample (mean 0, variance 1, bounded by about ±3.46): the
    /// Irwin–Hall sum of the four 16-bit lanes of one 64-bit draw. Only integer adds and one
    /// double multiply are involved, so unlike Box–Muller (Log/Cos) the result cannot differ
    /// between math libraries or CPUs.
    /// </summary>
    public double NextNormalish()
    {
        var bits = NextUInt64();
        long sum = (long)(bits & 0xFFFF)
            + (long)((bits >> 16) & 0xFFFF)
            + (long)((bits >> 32) & 0xFFFF)
            + (long)(bits >> 48);
        return (sum - LaneSumMean) * LaneSumScale;
    }

    /// <summary>Fills <paramref name="destination"/> with normal-ish samples scaled by <paramref name="std"/>.</summary>
    public void FillNormal(Span<float> destination, double std)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(NextNormalish() * std);
        }
    }
}
