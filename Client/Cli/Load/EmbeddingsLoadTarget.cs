using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Load over the OpenAI-compatible <c>POST /v1/embeddings</c> (<c>load --model M</c>): each request embeds its prompt
/// with model <c>M</c> as user <c>userId</c>; the agents' catalog still binds prompts so that the mix is the same.
/// A success is reported as layer <c>embedding</c>; a failure by OpenAI's error <c>code</c> (or <c>type</c>).
/// </summary>
internal sealed class EmbeddingsLoadTarget(HttpClient http, string model) : ILoadTarget
{
    private readonly HttpLoadTarget _catalog = new(http);

    public Task<IReadOnlyList<LoadAgent>> ListAgentsAsync(CancellationToken cancellationToken) => _catalog.ListAgentsAsync(cancellationToken);

    public async Task<LoadOutcome> SendAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model, input = request.Text, user = request.UserId }, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return LoadOutcome.Success((int)response.StatusCode, "embedding");
            }

            return LoadOutcome.Failure((int)response.StatusCode, await ErrorCodeAsync(response, cancellationToken));
        }
        catch (HttpRequestException)
        {
            return LoadOutcome.Failure(0, "transport");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LoadOutcome.Failure(0, "client-timeout");
        }
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "code", "type" })
                {
                    if (error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // Not an OpenAI error body: the status says it.
        }

        return "http";
    }
}
