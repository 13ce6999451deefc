using System.ClientModel;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Embeddings;
using OpenAI.Models;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>A silo serving two models (<c>Inference:Models</c>), called through OpenAI's own .NET clients.</summary>
public sealed class OpenAiModelsTests : IAsyncLifetime
{
    private const string Default = NamedModels.BuiltInTiny;
    private const string Fp16 = NamedModels.BuiltInTinyFp16;
    private readonly string _apiKey = Guid.NewGuid().ToString("N");
    private WebApplication _app = null!;

    private OpenAIClientOptions ClientOptions => new() { Endpoint = new Uri(new Uri(TestSilos.PublicUrl(_app)), "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create(
            $"--Orleans:GatewayPort={FreePorts.Next()}", $"--Security:ApiKeys:0={_apiKey}",
            $"--Inference:Models:0:Name={Default}", $"--Inference:Models:1:Name={Fp16}");
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GetModels_WhenTheSiloServesTwoModels_ListsBothTheDefaultFirst()
    {
        var models = await new OpenAIModelClient(new ApiKeyCredential(_apiKey), ClientOptions).GetModelsAsync();

        Assert.Equal([Default, Fp16], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task GenerateEmbedding_WithTheSecondModel_EqualsThatModelsVectorNotTheDefaults()
    {
        const string text = "sql injection in the login form";

        var fp16 = (await Embeddings(Fp16).GenerateEmbeddingAsync(text)).Value.ToFloats().ToArray();
        var builtIn = (await Embeddings(Default).GenerateEmbeddingAsync(text)).Value.ToFloats().ToArray();

        Assert.Equal(await VectorAsync(text, Fp16), fp16);
        Assert.Equal(await VectorAsync(text, null), builtIn);
        Assert.NotEqual(builtIn, fp16);
    }

    [Fact]
    public async Task GenerateEmbedding_WithAKnownModelThisSiloDoesNotServe_Is404AndLoadsNothing()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Embeddings(NamedModels.MiniLm).GenerateEmbeddingAsync("x"));

        Assert.Equal(404, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", body.GetProperty("code").GetString());
        Assert.Equal($"The model '{NamedModels.MiniLm}' is not served here; this silo serves '{Default}', '{Fp16}' (GET /v1/models).", body.GetProperty("message").GetString());
        Assert.Equal([Default, Fp16], _app.Services.GetRequiredService<InferenceDevices>().Models);
    }

    private EmbeddingClient Embeddings(string model) => new(model, new ApiKeyCredential(_apiKey), ClientOptions);

    private async Task<float[]> VectorAsync(string text, string? model)
        => (await _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IInferenceGrain>(InferenceGrain.LocalKey).EmbedAsync(new EmbeddingRequest(text, Model: model))).Vector;
}
