using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>A silo embeds every agent's labels right after loading its models, and is ready only once they are done.</summary>
public sealed class LabelWarmUpTests
{
    [Fact]
    public async Task Start_WhenWarmUpIsOn_EmbedsEveryLabelOnceAndThenReportsReady()
    {
        await using var app = TestSilos.Create("--Agents:WarmUpLabels=true");
        await app.StartAsync();
        var warmUp = app.Services.GetRequiredService<LabelWarmUp>();
        using var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(app)) };

        // Synchronisation with the background warm-up, not a timing assertion: not ready until it is done.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 600 && statuses.LastOrDefault() != HttpStatusCode.OK; attempt++)
        {
            statuses.Add((await http.GetAsync("/health/ready")).StatusCode);
            await Task.Delay(100);
        }

        var catalog = app.Services.GetRequiredService<IAgentCatalog>();
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses.Take(statuses.Count - 1), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.True(warmUp.IsWarm);
        Assert.Equal(
            catalog.Agents.SelectMany(a => a.Labels).Distinct(StringComparer.Ordinal).Count(),
            app.Services.GetRequiredService<LabelEmbeddings>().ComputedCount);
        Assert.Equal(LabelVectorMode.Names, app.Services.GetRequiredService<IOptions<AgentCatalogOptions>>().Value.LabelVectors);
    }

    [Fact]
    public async Task Start_WhenWarmUpIsOff_EmbedsNothingUntilAskedAndIsReady()
    {
        await using var app = TestSilos.Create("--Agents:WarmUpLabels=false");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(app)) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0, app.Services.GetRequiredService<LabelEmbeddings>().ComputedCount);
    }
}
