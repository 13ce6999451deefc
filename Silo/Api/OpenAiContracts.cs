using System.Text.Json.Serialization;

namespace OrleansAgents.Silo.Api;

/// <summary>The answer of <c>POST /v1/embeddings</c>.</summary>
internal sealed record EmbeddingList(
    [property: JsonPropertyName("data")] IReadOnlyList<EmbeddingItem> Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("usage")] EmbeddingUsage Usage)
{
    [JsonPropertyName("object")] public string Object => "list";
}

/// <summary>One input's vector: a float array or, with <c>encoding_format: base64</c>, a base64 string.</summary>
internal sealed record EmbeddingItem(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("embedding")] object Embedding)
{
    [JsonPropertyName("object")] public string Object => "embedding";
}

/// <summary>Tokens the model was fed (after truncation), summed over the inputs.</summary>
internal sealed record EmbeddingUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

/// <summary>The answer of <c>GET /v1/models</c>.</summary>
internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelCard> Data)
{
    [JsonPropertyName("object")] public string Object => "list";
}

/// <summary>A served model.</summary>
internal sealed record ModelCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created)
{
    [JsonPropertyName("object")] public string Object => "model";

    [JsonPropertyName("owned_by")] public string OwnedBy => "orleans-agents";
}
