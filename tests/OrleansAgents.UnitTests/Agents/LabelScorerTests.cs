using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

public sealed class LabelScorerTests
{
    private static readonly float[][] Vectors = [[1, 0, 0], [0, 1, 0], [0.6f, 0.8f, 0], [0, 0, 1]];
    private static readonly string[] Labels = ["a", "b", "c", "d"];

    [Fact]
    public void TopK_WhenQueryGiven_RanksByDotProductBestFirst()
    {
        var result = LabelScorer.TopK([0.8f, 0.6f, 0], Vectors, Labels, 3);
        Assert.Equal(["c", "a", "b"], result.Select(r => r.Label));
        Assert.Equal([0.96f, 0.8f, 0.6f], result.Select(r => r.Score), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void TopK_WhenScoresTie_KeepsCatalogOrder()
    {
        var result = LabelScorer.TopK([0, 0, 0], Vectors, Labels, 4);
        Assert.Equal(["a", "b", "c", "d"], result.Select(r => r.Label));
    }

    [Fact]
    public void TopK_WhenKExceedsLabels_ReturnsAllLabels()
        => Assert.Equal(4, LabelScorer.TopK([1, 0, 0], Vectors, Labels, 16).Length);

    [Fact]
    public void TopK_WhenVectorCountDiffers_Throws()
        => Assert.Throws<ArgumentException>(() => LabelScorer.TopK([1, 0, 0], Vectors[..2], Labels, 1));
}
