using OrleansAgents.Placement;

namespace OrleansAgents.Tests.Placement;

public sealed class AgentRebalancerTests
{
    [Theory]
    [InlineData(65, new[] { 65, 66, 0 }, 21)]
    [InlineData(66, new[] { 65, 66, 0 }, 22)]
    [InlineData(77, new[] { 77, 54, 0 }, 33)]
    [InlineData(54, new[] { 77, 54, 0 }, 10)]
    [InlineData(94, new[] { 94, 37, 0 }, 44)] // never more than the newcomer lacks
    [InlineData(0, new[] { 65, 66, 0 }, 0)]
    public void Excess_WhenASiloJustJoined_ShedsDownToTheMean(int local, int[] counts, int expected)
        => Assert.Equal(expected, AgentRebalancer.Excess(local, counts));

    [Fact]
    public void Excess_WhenOverloadedSilosShed_TheirExcessFillsTheNewcomerWithoutOvershooting()
    {
        int[] counts = [65, 66, 0];

        var moved = AgentRebalancer.Excess(65, counts) + AgentRebalancer.Excess(66, counts);

        Assert.Equal(43, moved);
    }

    [Theory]
    [InlineData(50, new[] { 50, 40, 41 })] // ordinary imbalance after placement: nobody moves
    [InlineData(45, new[] { 45, 44, 42 })]
    [InlineData(44, new[] { 44, 24, 26 })] // the accelerator silo holding the heavy agents: the others are not near empty
    [InlineData(131, new[] { 131 })] // a lone silo
    [InlineData(0, new[] { 0, 0, 0 })] // nothing active yet
    public void Excess_WhenNoSiloIsNearlyEmpty_IsZero(int local, int[] counts)
        => Assert.Equal(0, AgentRebalancer.Excess(local, counts));
}
