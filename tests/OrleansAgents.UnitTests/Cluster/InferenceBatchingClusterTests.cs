using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Cluster;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class InferenceBatchingClusterTests(TwoSiloClusterFixture fixture)
{
    private const int Requests = 64;
    private const float ScoreTolerance = 1e-5f;

    private IAgentGrain Agent(string name) => fixture.Client.GetGrain<IAgentGrain>(name);

    [Fact]
    public async Task InvokeAsync_WhenManyAgentsCallConcurrently_ShareBatchesAndAnswerAsWhenCalledAlone()
    {
        var catalog = await fixture.Client.GetGrain<ICatalogGrain>(0).ListAsync();
        Assert.True(catalog.Length >= Requests, $"The catalog has {catalog.Length} agents; the test needs {Requests}.");
        var agents = catalog.Take(Requests).ToArray();
        // Short, medium and long texts, so that shared batches pad most rows.
        var requests = agents.Select((a, i) => new AgentRequest
        {
            Text = (i % 3) switch
            {
                0 => $"review {i}",
                1 => $"please review change {i}: {a.Description}",
                _ => $"please review change {i} in depth: {a.Description} {string.Join(' ', a.Labels)}",
            },
            TopK = 16,
            CacheEnabled = false,
        }).ToArray();

        // Activate every agent and embed its labels first, so that the concurrent round holds only the requests above.
        await Task.WhenAll(agents.Select(a => Agent(a.Name).InvokeAsync(new AgentRequest { Text = "warm up", CacheEnabled = false })));

        var concurrent = await Task.WhenAll(agents.Select((a, i) => Agent(a.Name).InvokeAsync(requests[i])));

        var alone = new AgentResponse[agents.Length];
        for (var i = 0; i < agents.Length; i++)
        {
            alone[i] = await Agent(agents[i].Name).InvokeAsync(requests[i]);
        }

        // One request per agent: a batch of more than one holds requests of several agents.
        Assert.Contains(concurrent, r => r.BatchSize > 1);
        var mismatches = new List<string>();
        for (var i = 0; i < agents.Length; i++)
        {
            Assert.Equal(agents[i].Name, concurrent[i].Agent);
            Assert.Equal(1, alone[i].BatchSize);
            Assert.Equal(agents[i].Labels.Length, concurrent[i].Labels.Length);
            var labelsDiffer = !concurrent[i].Labels.Select(l => l.Label).SequenceEqual(alone[i].Labels.Select(l => l.Label));
            var worst = concurrent[i].Labels.Max(c => Math.Abs(c.Score - alone[i].Labels.Single(l => l.Label == c.Label).Score));
            if (labelsDiffer || worst > ScoreTolerance)
            {
                mismatches.Add(
                    $"{agents[i].Name} (batch {concurrent[i].BatchSize}, {concurrent[i].TokenCount} tokens): largest score difference {worst:E2}; " +
                    $"concurrent [{Describe(concurrent[i])}] alone [{Describe(alone[i])}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static string Describe(AgentResponse response)
        => string.Join(", ", response.Labels.Select(l => $"{l.Label}={l.Score:R}"));
}
