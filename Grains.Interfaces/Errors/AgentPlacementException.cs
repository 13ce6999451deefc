namespace OrleansAgents.Errors;

/// <summary>
/// No silo of the cluster can host the agent: none is compatible, it requires a GPU and none advertises one, or no silo
/// serves its model.
/// </summary>
[GenerateSerializer, Alias("OrleansAgents.AgentPlacementException")]
public sealed class AgentPlacementException : AgentException
{
    /// <summary>Creates the exception for <paramref name="agent"/>; <paramref name="message"/> says why.</summary>
    public AgentPlacementException(string agent, string message) : base(AgentErrorCode.Unplaceable, message) => Agent = agent;

    /// <summary>The agent (grain key) that could not be placed.</summary>
    [Id(0)] public string Agent { get; private set; }

    /// <summary>The message for an agent that requires a GPU in a cluster where no silo advertises an accelerator.</summary>
    public static AgentPlacementException NoAccelerator(string agent) => new(
        agent,
        $"Agent '{agent}' requires a GPU, but no silo advertises an accelerator (Inference:Devices or " +
        "Placement:AdvertisedAccelerators), and Placement:GpuFallback is 'fail'.");

    /// <summary>The message for an agent whose model no silo serves, with <paramref name="served"/> listing each silo's models.</summary>
    public static AgentPlacementException NoModel(string agent, string model, string served) => new(
        agent,
        $"Agent '{agent}' uses model '{model}', which no silo serves (Inference:Models; silos serve: {served}), " +
        "and Placement:ModelFallback is 'fail'.");

    /// <summary>The message for an agent no active silo is compatible with.</summary>
    public static AgentPlacementException NoCompatibleSilo(string agent) => new(
        agent, $"Agent '{agent}' cannot be placed: no active silo in the cluster is compatible with the agent grain.");
}
