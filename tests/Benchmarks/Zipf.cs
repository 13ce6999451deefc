namespace OrleansAgents.Benchmarks;

/// <summary>Zipf-distributed draws over ranks 0…n−1 (rank k weighs 1/(k+1)^s), shared by the workload benchmarks.</summary>
internal static class Zipf
{
    /// <summary>The cumulative distribution of ranks 0…<paramref name="n"/>−1 for exponent <paramref name="s"/>.</summary>
    public static double[] Cdf(int n, double s)
    {
        var cdf = new double[n];
        double sum = 0;
        for (var k = 0; k < n; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, s);
            cdf[k] = sum;
        }

        for (var k = 0; k < n; k++)
        {
            cdf[k] /= sum;
        }

        return cdf;
    }

    /// <summary>One rank drawn from <paramref name="cdf"/>.</summary>
    public static int Draw(double[] cdf, Random random)
    {
        var index = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }
}
