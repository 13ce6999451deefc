using Orleans.Concurrency;

namespace OrleansAgents.Inference;

/// <summary>
/// Stateless, reentrant front of the silo's inference devices; always local to the calling silo, so agents never pay a
/// network hop for inference. The one place a device is chosen: each request goes to the device of its model with the
/// shortest queue (<see cref="ModelDevices.ShortestQueue"/>). All activations share the silo's single session per model
/// and device.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class InferenceGrain(InferenceDevices devices) : Grain, IInferenceGrain
{
    /// <summary>The key agents call: embedding does not depend on it.</summary>
    public const string LocalKey = "local";

    public async Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default)
    {
        var model = await devices.ForAsync(request.Model);
        return await model.ShortestQueue().EnqueueAsync(request.Text, request.Priority, request.Deadline, request.Tenant, cancellationToken);
    }
}
