using OrleansAgents.Agents;
using OrleansAgents.Client.Cli.Load;

namespace OrleansAgents.Tests.Client.Load;

public sealed class ZipfSamplerTests
{
    [Fact]
    public void Next_WhenSameSeed_DrawsTheSameRanks()
    {
        var sampler = new ZipfSampler(1000, 1.0);
        int[] Draw() { var random = new Random(42); return [.. Enumerable.Range(0, 200).Select(_ => sampler.Next(random))]; }
        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void Probability_WhenExponentOne_HalvesFromRankOneToRankTwo()
    {
        var sampler = new ZipfSampler(100, 1.0);
        Assert.Equal(2.0, sampler.Probability(0) / sampler.Probability(1), 9);
        Assert.Equal(1.0, Enumerable.Range(0, 100).Sum(sampler.Probability), 9);
    }

    [Fact]
    public void Next_WhenManyDraws_FollowsTheDistribution()
    {
        var sampler = new ZipfSampler(100, 1.0);
        var random = new Random(7);
        var counts = new int[100];
        for (var i = 0; i < 100_000; i++)
        {
            counts[sampler.Next(random)]++;
        }

        Assert.InRange(counts[0] / 100_000.0, sampler.Probability(0) - 0.01, sampler.Probability(0) + 0.01);
        Assert.True(counts[0] > counts[9] && counts[9] > counts[99]);
    }

    [Fact]
    public void Next_WhenExponentZero_IsUniform()
    {
        var sampler = new ZipfSampler(4, 0);
        Assert.All(Enumerable.Range(0, 4), rank => Assert.Equal(0.25, sampler.Probability(rank), 9));
    }

    [Fact]
    public void Workload_WhenSameSeed_BuildsTheSamePoolAndRequests()
    {
        LoadAgent[] agents = [new("a", AgentTier.Light), new("b", AgentTier.Medium), new("c", AgentTier.Heavy)];
        var first = new LoadWorkload(agents, 42, 1.0, 0.2, cacheEnabled: false);
        var second = new LoadWorkload(agents, 42, 1.0, 0.2, cacheEnabled: false);
        Assert.Equal(first.Pool, second.Pool);
        Random r1 = new(1), r2 = new(1);
        var requests = Enumerable.Range(0, 50).Select(_ => first.Next(r1)).ToList();
        Assert.Equal(requests, Enumerable.Range(0, 50).Select(_ => second.Next(r2)));
        Assert.All(requests, r => Assert.False(r.CacheEnabled));
        Assert.Contains(requests, r => r.Private);
        Assert.Contains(requests, r => !r.Private);
    }
}
