using System.Text.Json;
using System.Text.Unicode;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>Reads an invoke body with explicit limits, so every malformed body is a clear 400 or 413.</summary>
internal static class InvokeBodyReader
{
    public static async Task<InvokeBody> ReadAsync(HttpRequest request, int maxTextBytes, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        // JSON escaping can grow text up to six-fold (\uXXXX); allow for it plus the other fields.
        var maxBodyBytes = (maxTextBytes * 6L) + 16 * 1024;
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

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            throw new InvalidAgentRequestException("body", "The request body is empty; send a JSON object with a 'text' field.");
        }

        if (!Utf8.IsValid(bytes))
        {
            throw new InvalidAgentRequestException("body", "The request body is not valid UTF-8.");
        }

        try
        {
            return JsonSerializer.Deserialize<InvokeBody>(bytes, json)
                ?? throw new InvalidAgentRequestException("body", "The request body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidAgentRequestException("body", $"The request body is not valid JSON for an invoke request: {ex.Message}");
        }
    }

    private static InvalidAgentRequestException TooLarge(long maxBodyBytes) => new(
        "body", $"The request body is over {maxBodyBytes} bytes (derived from Agents:MaxRequestBytes).", AgentErrorCode.PayloadTooLarge);
}
