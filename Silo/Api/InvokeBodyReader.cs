using System.Text.Json;
using System.Text.Unicode;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>Reads an invoke body with explicit limits, so every malformed body is a clear 400 or 413.</summary>
internal static class InvokeBodyReader
{
    public static Task<InvokeBody> ReadAsync(HttpRequest request, int maxTextBytes, JsonSerializerOptions json, CancellationToken cancellationToken)
        // JSON escaping can grow text up to six-fold (\uXXXX); allow for it plus the other fields.
        => ReadJsonAsync<InvokeBody>(request, (maxTextBytes * 6L) + (16 * 1024), json, cancellationToken);

    /// <summary>Reads a JSON body of at most <paramref name="maxBodyBytes"/> bytes as <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, long maxBodyBytes, JsonSerializerOptions json, CancellationToken cancellationToken)
        where T : class
        => Deserialize<T>(await ReadBytesAsync(request, maxBodyBytes, cancellationToken), json);

    /// <summary>The body's bytes: at most <paramref name="maxBodyBytes"/>, not empty, valid UTF-8.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                throw TooLarge(maxBodyBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw new InvalidAgentRequestException("body", "The request body is empty; send a JSON object.");
        }

        if (!Utf8.IsValid(bytes))
        {
            throw new InvalidAgentRequestException("body", "The request body is not valid UTF-8.");
        }

        return bytes;
    }

    /// <summary>Deserializes a body read by <see cref="ReadBytesAsync"/>; malformed JSON is a 400 naming the body.</summary>
    public static T Deserialize<T>(byte[] bytes, JsonSerializerOptions json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, json)
                ?? throw new InvalidAgentRequestException("body", "The request body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidAgentRequestException("body", $"The request body is not valid JSON for this request: {ex.Message}");
        }
    }

    private static InvalidAgentRequestException TooLarge(long maxBodyBytes) => new(
        "body", $"The request body is over {maxBodyBytes} bytes.", AgentErrorCode.PayloadTooLarge);
}
