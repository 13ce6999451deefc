using System.Net.Http.Json;
using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>Load over <c>POST /api/agents/{name}/invoke</c>; the catalog from <c>GET /api/agents</c>.</summary>
internal sealed class HttpLoadTarget(HttpClient http) : ILoadTarget
{
    public async Task<IReadOnlyList<LoadAgent>> ListAgentsAsync(CancellationToken cancellationToken)
    {
        var agents = await http.GetFromJsonAsync<JsonElement>("/api/agents", cancellationToken);
        return [.. agents.EnumerateArray().Select(a => new LoadAgent(
            a.GetProperty("name").GetString()!,
            Enum.Parse<AgentTier>(a.GetProperty("tier").GetString()!, ignoreCase: true)))];
    }

    public async Task<LoadOutcome> SendAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var body = new
        {
            text = request.Text,
            userId = request.UserId,
            sensitivity = request.Private ? "private" : "public",
            cacheEnabled = request.CacheEnabled,
        };
        try
        {
            using var response = await http.PostAsJsonAsync($"/api/agents/{Uri.EscapeDataString(request.Agent)}/invoke", body, cancellationToken);
            var json = await ReadJsonAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return LoadOutcome.Success(status, Property(json, "cacheLayer") ?? "none");
            }

            return LoadOutcome.Failure(status, Property(json, "code") ?? "http");
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

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static string? Property(JsonElement? json, string name)
        => json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
