using System.Text;
using OrleansAgents.Errors;

namespace OrleansAgents.Agents;

/// <summary>Checks an <see cref="AgentRequest"/> the same way in the SDK, the HTTP API and the grain.</summary>
public static class AgentRequestValidator
{
    /// <summary>Default of <c>Agents:MaxRequestBytes</c>: 64 KiB of UTF-8 text.</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024;

    /// <summary>Longest timeout a request may ask for.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Highest request priority.</summary>
    public const int MaxPriority = 9;

    /// <summary>Most labels a response can carry.</summary>
    public const int MaxTopK = 16;

    /// <summary>Throws <see cref="InvalidAgentRequestException"/> naming the first bad field.</summary>
    public static void Validate(AgentRequest request, int maxRequestBytes = DefaultMaxRequestBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw new InvalidAgentRequestException("text", "The request text is missing or empty.");
        }

        var bytes = Encoding.UTF8.GetByteCount(request.Text);
        if (bytes > maxRequestBytes)
        {
            throw new InvalidAgentRequestException(
                "text", $"The request text is {bytes} bytes of UTF-8; the limit (Agents:MaxRequestBytes) is {maxRequestBytes}.", AgentErrorCode.PayloadTooLarge);
        }

        if (request.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout))
        {
            throw new InvalidAgentRequestException(
                "timeoutMs", $"The timeout must be greater than 0 and at most {MaxTimeout.TotalMilliseconds:0} ms; got {timeout.TotalMilliseconds:0} ms.");
        }

        if (request.Priority is { } priority && priority is < 0 or > MaxPriority)
        {
            throw new InvalidAgentRequestException("priority", $"The priority must be between 0 and {MaxPriority}; got {priority}.");
        }

        if (request.TopK is { } topK && topK is < 1 or > MaxTopK)
        {
            throw new InvalidAgentRequestException("topK", $"topK must be between 1 and {MaxTopK}; got {topK}.");
        }

        CheckIdentifier(request.RequestId, "requestId");
        CheckIdentifier(request.UserId, "userId");
        CheckIdentifier(request.Tenant, "tenant");
        if (request.UserTier is { } tier && (tier.Length is 0 or > 32 || !tier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new InvalidAgentRequestException("userTier", "userTier must be 1–32 ASCII letters, digits, '-' or '_'.");
        }

        if (request.Sensitivity == Sensitivity.Private && string.IsNullOrEmpty(request.UserId))
        {
            throw new InvalidAgentRequestException("userId", "A private request needs a userId: its answer is scoped to that user.");
        }
    }

    private static void CheckIdentifier(string? value, string field)
    {
        // Identifiers end up in cache keys and logs: keep them short and printable.
        if (value is null)
        {
            return;
        }

        if (value.Length is 0 or > 128 || value.Any(char.IsControl))
        {
            throw new InvalidAgentRequestException(field, $"{field} must be 1–128 printable characters.");
        }
    }
}
