using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAI;
using OpenAI.Embeddings;
using OpenAI.Models;
using OrleansAgents.Client;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Silo;

/// <summary>The silo's OpenAI-compatible API, called by OpenAI's own .NET clients.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class OpenAiApiTests(SiloHostFixture fixture) : IAsyncLifetime
{
    private const string Model = "builtin-tiny";
    private IHost _host = null!;

    private OpenAIClientOptions ClientOptions => new() { Endpoint = new Uri(fixture.Http.BaseAddress!, "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) };

    private EmbeddingClient Embeddings(string model = Model) => new(model, new ApiKeyCredential(fixture.ApiKey), ClientOptions);

    public async Task InitializeAsync() => _host = await ClientHosts.StartAsync(fixture.GatewayPort);

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task<float[]> AgentsVectorAsync(string text)
        => (await _host.Services.GetRequiredService<IClusterClient>().GetGrain<IInferenceGrain>("local").EmbedAsync(new EmbeddingRequest(text))).Vector;

    [Fact]
    public async Task GenerateEmbedding_WhenOneText_EqualsTheAgentsVector()
    {
        var embedding = await Embeddings().GenerateEmbeddingAsync("sql injection in the login form");
        Assert.Equal(await AgentsVectorAsync("sql injection in the login form"), embedding.Value.ToFloats().ToArray());
    }

    [Fact]
    public async Task GenerateEmbeddings_WhenBatch_EqualsTheAgentsVectorsInOrderWithUsage()
    {
        string[] texts = ["hardcoded secret", "cross-site scripting in a template", "slow database query"];
        var result = await Embeddings().GenerateEmbeddingsAsync(texts);
        Assert.Equal([0, 1, 2], result.Value.Select(e => e.Index));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(await AgentsVectorAsync(texts[i]), result.Value[i].ToFloats().ToArray());
        }

        Assert.True(result.Value.Usage.InputTokenCount >= texts.Length);
        Assert.Equal(result.Value.Usage.InputTokenCount, result.Value.Usage.TotalTokenCount);
        Assert.Equal(Model, result.Value.Model);
    }

    [Fact]
    public async Task AsIEmbeddingGenerator_WhenBatch_EqualsTheAgentsVectors()
    {
        using var generator = Embeddings().AsIEmbeddingGenerator();
        var result = await generator.GenerateAsync(["memory leak in the worker", "null pointer"]);
        Assert.Equal(await AgentsVectorAsync("memory leak in the worker"), result[0].Vector.ToArray());
        Assert.Equal(await AgentsVectorAsync("null pointer"), result[1].Vector.ToArray());
    }

    [Fact]
    public async Task Embeddings_WhenFloatAndBase64_DecodeToTheSameVector()
    {
        using var floats = await PostAsync(new { input = "open redirect", model = Model, encoding_format = "float" });
        using var base64 = await PostAsync(new { input = "open redirect", model = Model, encoding_format = "base64", user = "someone" });
        var asFloats = floats.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(base64.RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(asFloats, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        Assert.Equal(await AgentsVectorAsync("open redirect"), asFloats);
        Assert.Equal("list", floats.RootElement.GetProperty("object").GetString());
        Assert.Equal("embedding", floats.RootElement.GetProperty("data")[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task GetModels_WhenCalled_ListsTheServedModel()
    {
        var models = await new OpenAIModelClient(new ApiKeyCredential(fixture.ApiKey), ClientOptions).GetModelsAsync();
        var model = Assert.Single(models.Value);
        Assert.Equal(Model, model.Id);
        Assert.Equal("orleans-agents", model.OwnedBy);
    }

    [Fact]
    public async Task GenerateEmbedding_WhenUnknownModel_Throws404ModelNotFound()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Embeddings("text-embedding-3-small").GenerateEmbeddingAsync("x"));
        Assert.Equal(404, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", body.GetProperty("code").GetString());
        Assert.Equal("model", body.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
    }

    // The typed methods refuse empty input before sending; the client's protocol method sends it as given.
    [Theory]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("[\"ok\", \"\"]")]
    public async Task GenerateEmbeddings_WhenInputEmpty_Throws400OnInput(string input)
    {
        var content = BinaryContent.Create(BinaryData.FromString($"{{\"input\": {input}, \"model\": \"{Model}\"}}"));
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Embeddings().GenerateEmbeddingsAsync(content));
        Assert.Equal(400, error.Status);
        Assert.Equal("input", JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task GenerateEmbedding_WhenOverMaxRequestBytes_Throws413()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Embeddings().GenerateEmbeddingAsync(new string('a', (64 * 1024) + 1)));
        Assert.Equal(413, error.Status);
        Assert.Equal("input_too_large", JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_WhenInputIsTokens_Returns400OpenAiErrorNotProblem()
    {
        using var response = await fixture.Http.PostAsJsonAsync("/v1/embeddings", new { input = new[] { 1, 2, 3 }, model = Model });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
        Assert.Equal("input", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task UnknownV1Path_Returns404OpenAiError()
    {
        using var response = await fixture.Http.GetAsync("/v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    private async Task<JsonDocument> PostAsync(object body)
    {
        using var response = await fixture.Http.PostAsJsonAsync("/v1/embeddings", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
