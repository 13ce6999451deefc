namespace OrleansAgents.Diagnostics;

/// <summary>Tag keys of the <c>OrleansAgents</c> meter's instruments.</summary>
internal static class TagNames
{
    public const string Agent = "agent";
    public const string Tier = "tier";
    public const string Outcome = "outcome";
    public const string Device = "device";
    public const string Model = "model";
    public const string Reason = "reason";
    public const string Layer = "layer";
    public const string Operation = "operation";
    public const string Strategy = "strategy";
    public const string Silo = "silo";
    public const string Capability = "capability";
}
