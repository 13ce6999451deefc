using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Silo.Api;

/// <summary>The body of <c>POST /v1/embeddings</c>, as OpenAI defines it.</summary>
internal sealed record EmbeddingsBody
{
    /// <summary>A string or an array of strings (token arrays are not accepted).</summary>
    [JsonPropertyName("input")] public JsonElement Input { get; init; }

    [JsonPropertyName("model")] public string? Model { get; init; }

    /// <summary><c>float</c> (default) or <c>base64</c>: little-endian float32 bytes.</summary>
    [JsonPropertyName("encoding_format")] public string? EncodingFormat { get; init; }

    /// <summary>Caller-asserted end user: accepted as OpenAI does, never used as the tenant.</summary>
    [JsonPropertyName("user")] public string? User { get; init; }

    /// <summary>Only the served model's own width is accepted.</summary>
    [JsonPropertyName("dimensions")] public int? Dimensions { get; init; }
}
