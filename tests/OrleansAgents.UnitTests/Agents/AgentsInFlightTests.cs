using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

public sealed class AgentsInFlightTests
{
    [Fact]
    public void Snapshot_WhenRequestsStartAndEnd_HoldsOnlyAgentsWithRequestsInFlight()
    {
        var inFlight = new AgentsInFlight();
        inFlight.Started("a");
        inFlight.Started("a");
        inFlight.Started("b");
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, inFlight.Snapshot());

        inFlight.Ended("a");
        inFlight.Ended("b");

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1 }, inFlight.Snapshot());
    }

    [Fact]
    public async Task StartedAndEnded_WhenConcurrent_BalanceToNothingInFlight()
    {
        var inFlight = new AgentsInFlight();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                inFlight.Started("a");
                inFlight.Ended("a");
            }
        })));

        Assert.Empty(inFlight.Snapshot());
    }
}
