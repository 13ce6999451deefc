using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Client;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Client;

[Collection(SiloHostCollection.Name)]
public sealed class AgentEmbeddingGeneratorTests(SiloHostFixture fixture) : IAsyncLifetime
{
    private IHost _host = null!;

    private IEmbeddingGenerator<string, Embedding<float>> Generator => _host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    public async Task InitializeAsync() => _host = await ClientHosts.StartAsync(fixture.GatewayPort, s => s.AddAgentEmbeddingGenerator(o => o.ModelId = "builtin-tiny"));

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task<EmbeddingResult> AgentsAsync(string text)
        => await _host.Services.GetRequiredService<IClusterClient>().GetGrain<IInferenceGrain>("local").EmbedAsync(new EmbeddingRequest(text));

    [Fact]
    public async Task GenerateAsync_WhenBatch_EqualsTheAgentsVectorsInOrderWithUsage()
    {
        string[] texts = ["hardcoded secret", "sql injection", "flaky integration test", "kubernetes pod keeps restarting"];
        var embeddings = await Generator.GenerateAsync(texts);
        Assert.Equal(texts.Length, embeddings.Count);
        long tokens = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var agents = await AgentsAsync(texts[i]);
            Assert.Equal(agents.Vector, embeddings[i].Vector.ToArray());
            Assert.Equal("builtin-tiny", embeddings[i].ModelId);
            tokens += agents.TokenCount;
        }

        Assert.Equal(tokens, embeddings.Usage!.InputTokenCount);
        Assert.Equal(tokens, embeddings.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateVectorAsync_WhenOneText_EqualsTheAgentsVector()
        => Assert.Equal((await AgentsAsync("cross-site scripting")).Vector, (await Generator.GenerateVectorAsync("cross-site scripting")).ToArray());

    [Fact]
    public void GetService_WhenMetadata_NamesProviderAndModel()
    {
        var metadata = Generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("orleans-agents", metadata.ProviderName);
        Assert.Equal("builtin-tiny", metadata.DefaultModelId);
    }

    [Fact]
    public async Task GenerateAsync_WhenEmptyText_ThrowsBeforeSending()
        => await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync([""]));

    [Fact]
    public void AddAgentEmbeddingGenerator_WithoutAgentClient_Throws()
        => Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAgentEmbeddingGenerator());
}
