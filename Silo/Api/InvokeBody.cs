using OrleansAgents.Agents;

namespace OrleansAgents.Silo.Api;

/// <summary>JSON body of <c>POST /api/agents/{name}/invoke</c>; every field but <c>text</c> is optional.</summary>
internal sealed record InvokeBody(
    string? RequestId,
    string? UserId,
    string? Tenant,
    string? Text,
    int? Priority,
    Sensitivity? Sensitivity,
    bool? CacheEnabled,
    long? TimeoutMs,
    int? TopK)
{
    public AgentRequest ToRequest() => new()
    {
        RequestId = RequestId ?? Guid.NewGuid().ToString("N"),
        UserId = UserId,
        Tenant = Tenant,
        Text = Text ?? "",
        Priority = Priority,
        Sensitivity = Sensitivity ?? Agents.Sensitivity.Public,
        CacheEnabled = CacheEnabled ?? true,
        Timeout = TimeoutMs is { } ms ? CheckedTimeout(ms) : null,
        TopK = TopK,
    };

    // Checked here, in the caller's unit, so an absurd value gets its own message instead of overflowing TimeSpan.
    private static TimeSpan CheckedTimeout(long ms)
    {
        var max = (long)AgentRequestValidator.MaxTimeout.TotalMilliseconds;
        return ms > 0 && ms <= max
            ? TimeSpan.FromMilliseconds(ms)
            : throw new Errors.InvalidAgentRequestException("timeoutMs", $"The timeout must be greater than 0 and at most {max} ms; got {ms} ms.");
    }
}
