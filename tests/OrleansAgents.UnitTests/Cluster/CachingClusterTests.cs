using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Cluster;

/// <summary>The cache hierarchy through real agent grains (embedded L2: in-process memory).</summary>
[Collection(TwoSiloClusterCollection.Name)]
public sealed class CachingClusterTests(TwoSiloClusterFixture fixture)
{
    private IAgentGrain Agent(string name) => fixture.Client.GetGrain<IAgentGrain>(name);

    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}";

    [Fact]
    public async Task InvokeAsync_WhenSameRequestRepeated_SecondIsAnL1HitWithTheSameAnswer()
    {
        var request = new AgentRequest { Text = Unique("check this query for sql injection"), TopK = 3 };
        var first = await Agent("semgrep").InvokeAsync(request);
        var second = await Agent("semgrep").InvokeAsync(request with { RequestId = "second" });

        Assert.Equal(CacheLayer.None, first.CacheLayer);
        Assert.Equal(CacheLayer.L1, second.CacheLayer);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(0, second.BatchSize);
        Assert.Equal("second", second.RequestId);
    }

    [Fact]
    public async Task InvokeAsync_WhenTextDiffersOnlyInWhitespace_HitsTheSameEntry()
    {
        var text = Unique("rotate the leaked api key");
        await Agent("secrets-vault-manager-vault").InvokeAsync(new AgentRequest { Text = text });
        var again = await Agent("secrets-vault-manager-vault").InvokeAsync(new AgentRequest { Text = $"  {text.Replace(" ", " \t\n ")}  " });
        Assert.Equal(CacheLayer.L1, again.CacheLayer);
    }

    [Fact]
    public async Task InvokeAsync_WhenCachedWithSmallTopK_ServesLargerTopKFromTheSameEntry()
    {
        var text = Unique("review the deployment pipeline");
        await Agent("cicd-pipeline-orchestrator").InvokeAsync(new AgentRequest { Text = text, TopK = 1 });
        var more = await Agent("cicd-pipeline-orchestrator").InvokeAsync(new AgentRequest { Text = text, TopK = 5 });
        Assert.Equal(CacheLayer.L1, more.CacheLayer);
        Assert.Equal(5, more.Labels.Length);
    }

    [Fact]
    public async Task InvokeAsync_WhenPrivateTextFromAnotherUser_NeverHitsButPublicTextDoes()
    {
        var text = Unique("my salary is below market, draft a raise request");
        var alice = new AgentRequest { Text = text, Sensitivity = Sensitivity.Private, UserId = "alice", Tenant = "acme" };
        Assert.Equal(CacheLayer.None, (await Agent("product-manager").InvokeAsync(alice)).CacheLayer);
        Assert.Equal(CacheLayer.L1, (await Agent("product-manager").InvokeAsync(alice)).CacheLayer);

        var bob = alice with { UserId = "bob" };
        var otherTenant = alice with { Tenant = "globex" };
        var asPublic = new AgentRequest { Text = text };
        Assert.Equal(CacheLayer.None, (await Agent("product-manager").InvokeAsync(bob)).CacheLayer);
        Assert.Equal(CacheLayer.None, (await Agent("product-manager").InvokeAsync(otherTenant)).CacheLayer);
        Assert.Equal(CacheLayer.None, (await Agent("product-manager").InvokeAsync(asPublic)).CacheLayer);

        var publicText = Unique("summarise the release notes");
        await Agent("product-manager").InvokeAsync(new AgentRequest { Text = publicText, UserId = "alice" });
        Assert.Equal(CacheLayer.L1, (await Agent("product-manager").InvokeAsync(new AgentRequest { Text = publicText, UserId = "bob" })).CacheLayer);
    }

    [Fact]
    public async Task InvokeAsync_WhenIdenticalRequestsArriveTogether_RunsOneInferenceAndCoalescesTheRest()
    {
        var request = new AgentRequest { Text = Unique("is this container image vulnerable") };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Agent("container-vulnerability-scanner-trivy").InvokeAsync(request with { RequestId = $"c{i}" })));

        Assert.Single(responses, r => r.CacheLayer == CacheLayer.None && !r.Coalesced);
        Assert.Equal(7, responses.Count(r => r.Coalesced));
        Assert.All(responses, r => Assert.Equal(responses[0].Labels, r.Labels));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"c{i}"), responses.Select(r => r.RequestId));
    }

    [Fact]
    public async Task InvalidateAllAsync_WhenAnswersCached_NextRequestRunsInferenceAgain()
    {
        var request = new AgentRequest { Text = Unique("plan the sprint backlog") };
        await Agent("scrum-master").InvokeAsync(request);
        Assert.Equal(CacheLayer.L1, (await Agent("scrum-master").InvokeAsync(request)).CacheLayer);

        await Agent("scrum-master").InvalidateAllAsync();

        Assert.Equal(CacheLayer.None, (await Agent("scrum-master").InvokeAsync(request)).CacheLayer);
    }

    [Fact]
    public async Task InvalidateAsync_WhenKeyCached_DropsOnlyThatKey()
    {
        var dropped = new AgentRequest { Text = Unique("drop me") };
        var kept = new AgentRequest { Text = Unique("keep me") };
        await Agent("qa-team-lead").InvokeAsync(dropped);
        await Agent("qa-team-lead").InvokeAsync(kept);

        Assert.True(await Agent("qa-team-lead").InvalidateAsync(dropped));
        Assert.False(await Agent("qa-team-lead").InvalidateAsync(dropped));

        Assert.Equal(CacheLayer.L1, (await Agent("qa-team-lead").InvokeAsync(kept)).CacheLayer);
        Assert.NotEqual(CacheLayer.L1, (await Agent("qa-team-lead").InvokeAsync(dropped)).CacheLayer);
    }

    [Fact]
    public async Task InvokeAsync_WhenCacheDisabled_NeverAnswersFromCache()
    {
        var request = new AgentRequest { Text = Unique("no cache please"), CacheEnabled = false };
        await Agent("experiment-tracker").InvokeAsync(request);
        var again = await Agent("experiment-tracker").InvokeAsync(request);
        Assert.Equal(CacheLayer.None, again.CacheLayer);
        Assert.InRange(again.BatchSize, 1, 32);
    }
}
