using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.RequestLog;
using OrleansAgents.Tests.Cluster;

namespace OrleansAgents.Tests.RequestLog;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class MemoryRequestStatsClusterTests(TwoSiloClusterFixture fixture)
{
    [Fact]
    public async Task GetAsync_WhenTheAgentRanOnBothSilos_SumsBothSilosFigures()
    {
        // As after a migration: the agent's requests were answered partly on each silo.
        var agent = $"stats-{Guid.NewGuid():N}";
        var silos = fixture.Cluster.Silos.Select(s => s.ServiceProvider).ToArray();
        Assert.Equal(2, silos.Length);
        void Record(IServiceProvider silo, string outcome, double ms) => silo.GetRequiredService<LiveRequestStats>().Record(
            new RequestLogEntry(Guid.NewGuid().ToString("N"), agent, "light", null, null, outcome, "none", false, 1, 0, 0, ms, DateTimeOffset.UtcNow));
        Record(silos[0], "ok", 10);
        Record(silos[0], "timeout", 20);
        Record(silos[1], "ok", 30);

        var stats = await silos[1].GetRequiredService<IAgentStatsSource>().GetAsync(agent, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal((3L, 1L, 0.3333, 0.0, "memory"), (stats.Requests, stats.Errors, stats.ErrorRate, stats.HitRatio, stats.Source));
        Assert.Equal(30, stats.P99Ms);
    }
}
