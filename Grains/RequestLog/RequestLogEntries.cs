using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.RequestLog;

/// <summary>Builds the request-log row of a finished request.</summary>
internal static class RequestLogEntries
{
    public static RequestLogEntry Create(
        string agent, AgentTier tier, AgentRequest request, AgentResponse? response, RequestOutcome outcome, double totalMs, DateTimeOffset now) => new(
        response?.RequestId ?? request.RequestId ?? Guid.NewGuid().ToString("N"),
        agent,
        tier.ToTag(),
        request.UserId,
        request.Tenant,
        outcome.ToTag(),
        (response?.CacheLayer ?? CacheLayer.None).ToString().ToLowerInvariant(),
        response?.Coalesced ?? false,
        response?.BatchSize ?? 0,
        response?.Timings.QueueMs ?? 0,
        response?.Timings.InferenceMs ?? 0,
        totalMs,
        now);
}
