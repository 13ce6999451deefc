using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Caching;

/// <summary>
/// One agent answering the same text with two models: no layer (L1, request coalescing, L2, semantic) ever hands the
/// answer of one model to a request of the other. The two answers share one embedding, so only the key tells them apart.
/// </summary>
public sealed class AgentCacheModelTests : IAsyncDisposable
{
    private const string Text = "Hello World";
    private static readonly AgentDescriptor Agent = new() { Name = "sentiment", Labels = ["fp32", "int8"] };
    private static readonly AgentRequest Request = new() { Text = Text };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddLogging()
        .AddAgentCaching()
        .BuildServiceProvider();
    private readonly CacheKey _fp32;
    private readonly CacheKey _int8;

    public AgentCacheModelTests()
    {
        _fp32 = KeyFor(NamedModels.MiniLm);
        _int8 = KeyFor(NamedModels.MiniLmInt8);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task GetAsync_WhenTheTextWasAnsweredWithAnotherModel_ComputesAgainAndEachModelKeepsItsAnswer()
    {
        using var cache = NewCache();
        var computed = 0;

        var fp32 = await cache.GetAsync(_fp32, () => Compute("fp32", ref computed), CancellationToken.None);
        var int8 = await cache.GetAsync(_int8, () => Compute("int8", ref computed), CancellationToken.None);
        var fp32Again = await cache.GetAsync(_fp32, () => Compute("wrong", ref computed), CancellationToken.None);
        var int8Again = await cache.GetAsync(_int8, () => Compute("wrong", ref computed), CancellationToken.None);

        Assert.Equal(2, computed);
        Assert.Equal((CacheLayer.None, "fp32"), (fp32.Layer, fp32.Answer.Labels[0].Label));
        Assert.Equal((CacheLayer.None, "int8"), (int8.Layer, int8.Answer.Labels[0].Label));
        Assert.Equal((CacheLayer.L1, "fp32"), (fp32Again.Layer, fp32Again.Answer.Labels[0].Label));
        Assert.Equal((CacheLayer.L1, "int8"), (int8Again.Layer, int8Again.Answer.Labels[0].Label));
    }

    [Fact]
    public async Task GetAsync_WhenAnotherModelIsComputingTheSameText_DoesNotCoalesceWithIt()
    {
        using var cache = NewCache();
        var pending = new TaskCompletionSource<ComputedAnswer>();
        var computed = 0;

        var fp32 = cache.GetAsync(_fp32, () => pending.Task, CancellationToken.None);
        var fp32Twin = cache.GetAsync(_fp32, () => Compute("wrong", ref computed), CancellationToken.None);
        var int8 = await cache.GetAsync(_int8, () => Compute("int8", ref computed), CancellationToken.None);
        pending.SetResult(Answer("fp32"));

        Assert.Equal(1, computed);
        Assert.Equal((false, "int8"), (int8.Coalesced, int8.Answer.Labels[0].Label));
        Assert.Equal((false, "fp32"), ((await fp32).Coalesced, (await fp32).Answer.Labels[0].Label));
        Assert.Equal((true, "fp32"), ((await fp32Twin).Coalesced, (await fp32Twin).Answer.Labels[0].Label));
    }

    [Fact]
    public async Task GetAsync_WhenL2HoldsOnlyTheOtherModelsAnswer_MissesL2()
    {
        using (var first = NewCache())
        {
            var computed = 0;
            await first.GetAsync(_fp32, () => Compute("fp32", ref computed), CancellationToken.None);
        }

        var l2 = _services.GetRequiredService<AgentL2Cache>();
        await WaitForAsync(async () => await l2.GetAsync(_fp32.Value) is not null);
        using var next = NewCache(); // a new activation: empty L1 and semantic cache, the same L2
        var count = 0;

        var int8 = await next.GetAsync(_int8, () => Compute("int8", ref count), CancellationToken.None);
        var fp32 = await next.GetAsync(_fp32, () => Compute("wrong", ref count), CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal((CacheLayer.None, "int8"), (int8.Layer, int8.Answer.Labels[0].Label));
        Assert.Equal((CacheLayer.L2, "fp32"), (fp32.Layer, fp32.Answer.Labels[0].Label));
        Assert.Null(await l2.GetAsync(KeyFor(NamedModels.BuiltInTiny).Value));
    }

    private CacheKey KeyFor(string model)
        => CacheKeyBuilder.Build(Agent.Name, model, 0, Request, Agent.Profile, _time.GetUtcNow(), TimeSpan.FromMinutes(1));

    private AgentCache NewCache() => new(
        Agent,
        _services.GetRequiredService<AgentL2Cache>(),
        _services.GetRequiredService<IOptions<CachingOptions>>().Value,
        _services.GetRequiredService<CacheInstruments>(),
        _time);

    private static Task<ComputedAnswer> Compute(string label, ref int computed)
    {
        computed++;
        return Task.FromResult(Answer(label));
    }

    // Both models' answers carry the same unit embedding: a semantic lookup across models would match at cosine 1.
    private static ComputedAnswer Answer(string label) => new(
        Text,
        new EmbeddingResult { Vector = [1, 0, 0, 0] },
        () => Task.FromResult(new CachedAnswer([new LabelScore(label, 1)], 3, [])));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
