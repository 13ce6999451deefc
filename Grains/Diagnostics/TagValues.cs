using OrleansAgents.Agents;

namespace OrleansAgents.Diagnostics;

/// <summary>The one spelling of each tag value; every enum value maps on purpose, an unknown one fails loudly.</summary>
internal static class TagValues
{
    public static string ToTag(this AgentTier tier) => tier switch
    {
        AgentTier.Light => "light",
        AgentTier.Medium => "medium",
        AgentTier.Heavy => "heavy",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static string ToTag(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Ok => "ok",
        RequestOutcome.Error => "error",
        RequestOutcome.Timeout => "timeout",
        RequestOutcome.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string ToTag(this CacheMetricLayer layer) => layer switch
    {
        CacheMetricLayer.L1 => "l1",
        CacheMetricLayer.L2 => "l2",
        CacheMetricLayer.Semantic => "semantic",
        CacheMetricLayer.Coalesced => "coalesced",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };

    public static string ToTag(this RejectionReason reason) => reason switch
    {
        RejectionReason.QueueFull => "queue-full",
        RejectionReason.Deadline => "deadline",
        RejectionReason.Cancelled => "cancelled",
        RejectionReason.TenantShare => "tenant-share",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ToTag(this PlacementOutcome outcome) => outcome switch
    {
        PlacementOutcome.Placed => "placed",
        PlacementOutcome.Hinted => "hinted",
        PlacementOutcome.FallbackCpu => "fallback-cpu",
        PlacementOutcome.FallbackLoad => "fallback-load",
        PlacementOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string ToTag(this L2Operation operation) => operation switch
    {
        L2Operation.Get => "get",
        L2Operation.Set => "set",
        L2Operation.Remove => "remove",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    public static string ToTag(this L2BypassReason reason) => reason switch
    {
        L2BypassReason.CircuitOpen => "circuit-open",
        L2BypassReason.Timeout => "timeout",
        L2BypassReason.CorruptValue => "corrupt-value",
        L2BypassReason.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
