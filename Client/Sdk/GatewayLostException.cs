namespace OrleansAgents.Client;

/// <summary>A call abandoned because a gateway connection closed while it was in flight; the SDK retries it.</summary>
/// <param name="target">The agent or router the call went to, as the message names it.</param>
public sealed class GatewayLostException(string target)
    : Exception($"A gateway connection closed while the call to {target} was in flight; its answer may never arrive.");
