using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Cluster;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class AgentGrainClusterTests(TwoSiloClusterFixture fixture)
{
    private IAgentGrain Agent(string name) => fixture.Client.GetGrain<IAgentGrain>(name);

    [Fact]
    public async Task InvokeAsync_WhenTextEqualsALabel_RanksThatLabelFirstWithCosineOne()
    {
        var response = await Agent("semgrep-security-analyzer").InvokeAsync(new AgentRequest { Text = "sql injection", TopK = 3 });
        Assert.Equal("sql injection", response.Labels[0].Label);
        Assert.Equal(1.0f, response.Labels[0].Score, 0.0001f);
        Assert.Equal(3, response.Labels.Length);
        Assert.True(response.Labels[0].Score > response.Labels[1].Score);
        Assert.Equal(CacheLayer.None, response.CacheLayer);
        Assert.InRange(response.BatchSize, 1, 32);
    }

    [Fact]
    public async Task InvokeAsync_WhenAliasUsed_AnswersAsCanonicalAgentWithItsLabels()
    {
        var profile = await Agent("semgrep-security-analyzer").GetProfileAsync();
        var response = await Agent("semgrep").InvokeAsync(new AgentRequest
        {
            RequestId = "req-alias-1",
            Text = "check this SQL: SELECT * FROM users WHERE id = '\" + id + \"'",
            TopK = 16,
        });
        Assert.Equal("semgrep-security-analyzer", response.Agent);
        Assert.Equal("req-alias-1", response.RequestId);
        Assert.Equal(profile.Labels.Order(), response.Labels.Select(l => l.Label).Order());
        Assert.Equal(response.Labels.OrderByDescending(l => l.Score).Select(l => l.Label), response.Labels.Select(l => l.Label));
        Assert.True(response.Timings.TotalMs >= response.Timings.InferenceMs);
    }

    [Fact]
    public async Task InvokeAsync_WhenManyAgentsCallAtOnce_AllAnswerWithTheirOwnLabels()
    {
        var catalog = await fixture.Client.GetGrain<ICatalogGrain>(0).ListAsync();
        var agents = catalog.Take(24).ToArray();
        var responses = await Task.WhenAll(agents.Select(a => Agent(a.Name).InvokeAsync(new AgentRequest { Text = $"please review: {a.Description}" })));
        for (var i = 0; i < agents.Length; i++)
        {
            Assert.Equal(agents[i].Name, responses[i].Agent);
            Assert.All(responses[i].Labels, l => Assert.Contains(l.Label, agents[i].Labels));
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenAgentUnknown_ThrowsAgentNotFoundNamingIt()
    {
        var ex = await Assert.ThrowsAsync<AgentNotFoundException>(() => Agent("no-such-agent").InvokeAsync(new AgentRequest { Text = "hello" }));
        Assert.Equal("no-such-agent", ex.Agent);
        Assert.Equal(AgentErrorCode.UnknownAgent, ex.Code);
        Assert.Equal("Unknown agent 'no-such-agent'. GET /api/agents lists the catalog's agents and their aliases.", ex.Message);
    }

    [Theory]
    [InlineData("", 0, "text", AgentErrorCode.InvalidRequest)]
    [InlineData("ok", -1, "timeoutMs", AgentErrorCode.InvalidRequest)]
    [InlineData("ok", 300_001, "timeoutMs", AgentErrorCode.InvalidRequest)]
    [InlineData(null, 0, "text", AgentErrorCode.PayloadTooLarge)]
    public async Task InvokeAsync_WhenRequestInvalid_ThrowsTypedExceptionNamingField(string? text, int timeoutMs, string field, AgentErrorCode code)
    {
        var request = new AgentRequest
        {
            Text = text ?? new string('a', 64 * 1024 + 1),
            Timeout = timeoutMs == 0 ? null : TimeSpan.FromMilliseconds(timeoutMs),
        };
        var ex = await Assert.ThrowsAsync<InvalidAgentRequestException>(() => Agent("shellgpt").InvokeAsync(request));
        Assert.Equal(field, ex.Field);
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public async Task InvokeAsync_WhenTextLongerThanMaxSequence_TruncatesAndWarns()
    {
        var response = await Agent("semgrep").InvokeAsync(new AgentRequest { Text = string.Join(' ', Enumerable.Repeat("token", 400)) });
        Assert.Equal(128, response.TokenCount);
        Assert.Equal(["The text was truncated to 128 tokens (Inference:MaxSequenceLength)."], response.Warnings);
    }

    [Fact]
    public async Task EmbedAsync_OnTheBuiltInEncoder_ReturnsAUnitVectorOf128Dimensions()
    {
        var result = await fixture.Client.GetGrain<IInferenceGrain>("cpu").EmbedAsync(new EmbeddingRequest("hello world"));

        Assert.Equal(128, result.Vector.Length);
        Assert.Equal(1.0, Math.Sqrt(result.Vector.Sum(v => (double)v * v)), 5);
        Assert.False(result.Truncated);
        Assert.InRange(result.BatchSize, 1, 128);
    }

    [Fact]
    public async Task GetProfileAsync_WhenHeavyAgent_ReportsGpuRequirement()
    {
        var profile = await Agent("autogpt").GetProfileAsync();
        Assert.Equal("agentgpt-autonomous-executor", profile.Name);
        Assert.Equal(AgentTier.Heavy, profile.Tier);
        Assert.True(profile.Profile.RequiresGpu);
    }
}
