using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Inference;
using OrleansAgents.Silo.Security;

namespace OrleansAgents.Silo.Api;

/// <summary>
/// OpenAI-compatible embeddings: <c>POST /v1/embeddings</c> and <c>GET /v1/models</c> (every model the silo has loaded,
/// see <see cref="ServedModel"/>), served by the silo-local <see cref="IInferenceGrain"/> (so they share batches with the
/// agents of the same model), authorized and rate-limited like invoke.
/// </summary>
internal static class OpenAiApi
{
    /// <summary>Most inputs one request may carry (OpenAI's own limit).</summary>
    public const int MaxInputs = 2048;

    /// <summary>A request's inputs together may hold this many times <c>Agents:MaxRequestBytes</c> of UTF-8.</summary>
    public const int MaxTotalRequests = 16;

    private static readonly long Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Adds the OpenAI error writer for <c>/v1</c>; it goes first, before the problem-details writer.</summary>
    public static IServiceCollection AddOpenAiErrors(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, OpenAiErrors>());
        return services;
    }

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup(OpenAiErrors.PathPrefix).RequireRateLimiting(CallerRateLimits.PolicyName).RequireAuthorization(AgentScopes.Invoke);
        v1.MapPost("/embeddings", EmbedAsync);
        v1.MapGet("/models", (IOptions<InferenceOptions> inference, InferenceDevices devices)
            => TypedResults.Ok(new ModelList([.. ServedModel.All(inference.Value, devices.Models).Select(m => new ModelCard(m.Id, Created))])));
        v1.MapGet("/models/{id}", (string id, IOptions<InferenceOptions> inference, InferenceDevices devices)
            => TypedResults.Ok(new ModelCard(CheckModel(id, inference.Value, devices).Id, Created)));
        return endpoints;
    }

    private static async Task<Ok<EmbeddingList>> EmbedAsync([AsParameters] EmbeddingServices services, CancellationToken cancellationToken)
    {
        var maxBytes = services.Agents.Value.MaxRequestBytes;
        var body = await InvokeBodyReader.ReadJsonAsync<EmbeddingsBody>(
            services.Http, ((long)maxBytes * MaxTotalRequests * 6) + (64 * 1024), services.Json.Value.SerializerOptions, cancellationToken);
        var (model, name) = CheckModel(
            body.Model ?? throw new InvalidAgentRequestException("model", "model is required; GET /v1/models lists the served models."), services.Inference.Value, services.Devices);
        var base64 = body.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw new InvalidAgentRequestException("encoding_format", $"encoding_format must be 'float' or 'base64'; got '{body.EncodingFormat}'."),
        };
        var inputs = ReadInputs(body.Input, maxBytes);

        // The principal's tenant takes its fair share of the device queue; the body's 'user' is only asserted.
        var tenant = services.Identity.TenantOf(services.Http.HttpContext);
        var grain = services.Grains.GetGrain<IInferenceGrain>(InferenceGrain.LocalKey);
        var results = await Task.WhenAll(inputs.Select(text => grain.EmbedAsync(new EmbeddingRequest(text, Tenant: tenant, Model: name), cancellationToken)));
        if (body.Dimensions is { } dimensions && dimensions != results[0].Vector.Length)
        {
            throw new InvalidAgentRequestException("dimensions", $"Model '{model}' embeds into {results[0].Vector.Length} dimensions; got dimensions={dimensions}.");
        }

        var data = results.Select((r, i) => new EmbeddingItem(i, base64 ? ToBase64(r.Vector) : r.Vector)).ToList();
        var tokens = results.Sum(r => r.TokenCount);
        return TypedResults.Ok(new EmbeddingList(data, model, new EmbeddingUsage(tokens, tokens)));
    }

    private static (string Id, string? Model) CheckModel(string model, InferenceOptions inference, InferenceDevices devices)
    {
        var served = ServedModel.All(inference, devices.Models);
        foreach (var entry in served)
        {
            if (string.Equals(model, entry.Id, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        throw new InvalidAgentRequestException(
            "model", $"The model '{model}' is not served here; this silo serves {string.Join(", ", served.Select(m => $"'{m.Id}'"))} (GET /v1/models).", AgentErrorCode.UnknownAgent);
    }

    private static List<string> ReadInputs(JsonElement input, int maxBytes)
    {
        List<string> texts = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.GetArrayLength() is > 0 and <= MaxInputs && input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                => [.. input.EnumerateArray().Select(e => e.GetString()!)],
            JsonValueKind.Array when input.GetArrayLength() > MaxInputs
                => throw new InvalidAgentRequestException("input", $"input holds {input.GetArrayLength()} items; at most {MaxInputs} per request."),
            _ => throw new InvalidAgentRequestException("input", "input must be a non-empty string or a non-empty array of strings."),
        };

        long total = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                throw new InvalidAgentRequestException("input", $"input[{i}] is empty.");
            }

            var bytes = Encoding.UTF8.GetByteCount(texts[i]);
            total += bytes;
            if (bytes > maxBytes)
            {
                throw new InvalidAgentRequestException(
                    "input", $"input[{i}] is {bytes} bytes of UTF-8; the limit (Agents:MaxRequestBytes) is {maxBytes}.", AgentErrorCode.PayloadTooLarge);
            }
        }

        return total <= (long)maxBytes * MaxTotalRequests
            ? texts
            : throw new InvalidAgentRequestException(
                "input", $"The inputs hold {total} bytes of UTF-8; at most {(long)maxBytes * MaxTotalRequests} ({MaxTotalRequests} × Agents:MaxRequestBytes) per request.", AgentErrorCode.PayloadTooLarge);
    }

    // OpenAI's base64 encoding: the vector's float32 values as little-endian bytes.
    private static string ToBase64(float[] vector)
    {
        if (BitConverter.IsLittleEndian)
        {
            return Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()));
        }

        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>What <c>POST /v1/embeddings</c> needs, bound by the framework.</summary>
    internal sealed record EmbeddingServices(
        HttpRequest Http,
        IGrainFactory Grains,
        IOptions<AgentCatalogOptions> Agents,
        IOptions<InferenceOptions> Inference,
        InferenceDevices Devices,
        IOptions<JsonOptions> Json,
        CallerIdentity Identity);
}
