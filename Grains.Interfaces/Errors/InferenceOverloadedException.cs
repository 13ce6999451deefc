namespace OrleansAgents.Errors;

/// <summary>The inference queue of a device is full: the silo sheds the request at once; retry later.</summary>
[GenerateSerializer, Alias("OrleansAgents.InferenceOverloadedException")]
public sealed class InferenceOverloadedException : AgentException
{
    /// <summary>Creates the exception for <paramref name="device"/>, whose queue holds <paramref name="queueLength"/> requests.</summary>
    public InferenceOverloadedException(string device, int queueLength)
        : base(AgentErrorCode.Overloaded, $"The inference queue of device '{device}' is full ({queueLength} requests waiting); retry later.")
        => Device = device;

    /// <summary>The device whose queue is full.</summary>
    [Id(0)] public string Device { get; private set; }
}
