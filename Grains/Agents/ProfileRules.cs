using OrleansAgents.Errors;

namespace OrleansAgents.Agents;

/// <summary>Validates profile updates and applies them over the catalog's profile.</summary>
internal static class ProfileRules
{
    public static void Validate(ProfileUpdate update)
    {
        if (update.TtlSeconds is { } ttl && ttl is < 15 or > 1800)
        {
            throw new InvalidAgentRequestException("ttlSeconds", $"ttlSeconds must be between 15 and 1800; got {ttl}.");
        }

        if (update.Priority is { } priority && priority is < 0 or > AgentRequestValidator.MaxPriority)
        {
            throw new InvalidAgentRequestException("priority", $"priority must be between 0 and {AgentRequestValidator.MaxPriority}; got {priority}.");
        }

        if (update.L1Bytes is { } bytes && bytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            throw new InvalidAgentRequestException("l1Bytes", $"l1Bytes must be between 65536 and 1073741824; got {bytes}.");
        }

        if (update.SemanticThreshold is { } threshold && !IsSemanticThreshold(threshold))
        {
            throw new InvalidAgentRequestException("semanticThreshold", $"semanticThreshold must be between 0.5 and 1; got {threshold}.");
        }
    }

    /// <summary>Merges <paramref name="next"/> into <paramref name="current"/> (later values win).</summary>
    public static ProfileUpdate Merge(ProfileUpdate? current, ProfileUpdate next) => new()
    {
        TtlSeconds = next.TtlSeconds ?? current?.TtlSeconds,
        Priority = next.Priority ?? current?.Priority,
        L1Bytes = next.L1Bytes ?? current?.L1Bytes,
        SemanticThreshold = next.SemanticThreshold ?? current?.SemanticThreshold,
    };

    /// <summary>Whether <paramref name="threshold"/> is a usable semantic-cache cosine threshold (0.5–1).</summary>
    public static bool IsSemanticThreshold(double threshold) => threshold is >= 0.5 and <= 1;

    public static AgentDescriptor Apply(AgentDescriptor agent, ProfileUpdate? update) => update is null
        ? agent
        : agent with
        {
            Profile = agent.Profile with
            {
                TtlSeconds = update.TtlSeconds ?? agent.Profile.TtlSeconds,
                Priority = update.Priority ?? agent.Profile.Priority,
                L1Bytes = update.L1Bytes ?? agent.Profile.L1Bytes,
                SemanticThreshold = update.SemanticThreshold ?? agent.Profile.SemanticThreshold,
            },
        };
}
