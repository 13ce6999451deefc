namespace OrleansAgents.Errors;

/// <summary>The inference queue of a device is full: the silo sheds the request at once; retry later.</summary>
[GenerateSerializer, Alias("OrleansAgents.InferenceOverloadedException")]
public sealed class InferenceOverloadedException : AgentException
{
    /// <summary>Creates the exception for <paramref name="device"/>, whose queue holds <paramref name="queueLength"/> requests.</summary>
    public InferenceOverloadedException(string device, int queueLength)
        : base(AgentErrorCode.Overloaded, $"The inference queue of device '{device}' is full ({queueLength} requests waiting); retry later.")
        => Device = device;

    private InferenceOverloadedException(string device, string tenant, string message)
        : base(AgentErrorCode.Overloaded, message)
        => (Device, Tenant) = (device, tenant);

    /// <summary>
    /// Creates the exception for <paramref name="tenant"/>, which already holds its <paramref name="share"/> of the
    /// <paramref name="queueLength"/> places of <paramref name="device"/>'s queue (<paramref name="places"/> places).
    /// </summary>
    public static InferenceOverloadedException TenantShare(string device, string tenant, double share, int places, int queueLength)
        => new(device, tenant, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Tenant '{tenant}' holds its share of the inference queue of device '{device}' ({share * 100:0.#}%: {places} of {queueLength} places); retry later."));

    /// <summary>The device whose queue is full.</summary>
    [Id(0)] public string Device { get; private set; }

    /// <summary>The tenant over its share of the queue; <see langword="null"/> when the whole queue is full.</summary>
    [Id(1)] public string? Tenant { get; private set; }
}
