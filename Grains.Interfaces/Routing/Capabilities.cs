using OrleansAgents.Errors;

namespace OrleansAgents.Routing;

/// <summary>Capability names as routers are keyed: trimmed and lower case.</summary>
public static class Capabilities
{
    /// <summary>Longest capability name accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>The router key for <paramref name="capability"/>.</summary>
    /// <exception cref="InvalidAgentRequestException">Empty, too long, or not letters, digits, '-', '_' and '.'.</exception>
    public static string Normalize(string? capability)
    {
        var value = capability?.Trim().ToLowerInvariant() ?? "";
        if (value.Length == 0)
        {
            throw new InvalidAgentRequestException("capability", "A task needs a capability, e.g. 'security-scan'; GET /api/agents lists each agent's capabilities.");
        }

        if (value.Length > MaxLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new InvalidAgentRequestException("capability", $"Capability '{Truncate(value)}' must be at most {MaxLength} characters of letters, digits, '-', '_' and '.'.");
        }

        return value;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
