using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>
/// The OpenAI face of <see cref="AgentErrorCode"/> on <c>/v1</c>: every code's error <c>type</c> and <c>code</c>, chosen
/// on purpose, and the writer that answers problems on <c>/v1</c> paths with <c>{"error":{message,type,param,code}}</c>
/// (statuses stay <see cref="AgentProblems.StatusFor"/>'s).
/// </summary>
internal sealed class OpenAiErrors : IProblemDetailsWriter
{
    /// <summary>Paths under this prefix answer errors the OpenAI way.</summary>
    public const string PathPrefix = "/v1";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    // No discard arm: a new code is a build error (CS8509) until it is mapped here too.
#pragma warning disable CS8524
    /// <summary>OpenAI's error <c>type</c> for <paramref name="code"/>.</summary>
    public static string TypeFor(AgentErrorCode code) => code switch
    {
        AgentErrorCode.InvalidRequest or AgentErrorCode.UnknownAgent or AgentErrorCode.PayloadTooLarge
            or AgentErrorCode.RequestIdConflict or AgentErrorCode.IdentityMismatch => "invalid_request_error",
        AgentErrorCode.Unauthenticated => "authentication_error",
        AgentErrorCode.Forbidden => "permission_error",
        AgentErrorCode.RateLimited => "rate_limit_error",
        AgentErrorCode.Overloaded or AgentErrorCode.Timeout or AgentErrorCode.StorageUnavailable
            or AgentErrorCode.Unplaceable or AgentErrorCode.NotConfigured or AgentErrorCode.Internal => "server_error",
    };

    /// <summary>OpenAI's error <c>code</c> for <paramref name="code"/>; an unknown model is <c>model_not_found</c>.</summary>
    public static string CodeFor(AgentErrorCode code, string? param) => code switch
    {
        AgentErrorCode.UnknownAgent => param == "model" ? "model_not_found" : "not_found",
        AgentErrorCode.InvalidRequest => "invalid_value",
        AgentErrorCode.PayloadTooLarge => "input_too_large",
        AgentErrorCode.RequestIdConflict => "conflict",
        AgentErrorCode.IdentityMismatch => "identity_mismatch",
        AgentErrorCode.Unauthenticated => "invalid_api_key",
        AgentErrorCode.Forbidden => "insufficient_scope",
        AgentErrorCode.RateLimited => "rate_limit_exceeded",
        AgentErrorCode.Overloaded => "overloaded",
        AgentErrorCode.Timeout => "timeout",
        AgentErrorCode.StorageUnavailable => "storage_unavailable",
        AgentErrorCode.Unplaceable => "unplaceable",
        AgentErrorCode.NotConfigured => "not_configured",
        AgentErrorCode.Internal => "internal_error",
    };
#pragma warning restore CS8524

    public bool CanWrite(ProblemDetailsContext context)
        => context.HttpContext.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        var code = problem.Extensions.TryGetValue("code", out var c) && Enum.TryParse<AgentErrorCode>(c?.ToString(), out var parsed)
            ? parsed
            : AgentProblems.CodeForFrameworkStatus(status);
        var param = problem.Extensions.TryGetValue("field", out var f) ? f?.ToString() : null;
        var body = new OpenAiError(new OpenAiErrorDetail(problem.Detail ?? problem.Title ?? AgentProblems.TitleFor(code), TypeFor(code), param, CodeFor(code, param)));
        http.Response.StatusCode = status;
        return new ValueTask(http.Response.WriteAsJsonAsync(body, Json, http.RequestAborted));
    }

    private sealed record OpenAiError([property: JsonPropertyName("error")] OpenAiErrorDetail Error);

    private sealed record OpenAiErrorDetail(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("param")] string? Param,
        [property: JsonPropertyName("code")] string Code);
}
