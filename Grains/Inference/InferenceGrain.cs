using Orleans.Concurrency;

namespace OrleansAgents.Inference;

/// <summary>
/// Stateless, reentrant front of a device's batcher; always local to the calling silo, so agents never pay a network
/// hop for inference. All activations share the silo's single session per device.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class InferenceGrain(InferenceDevices devices) : Grain, IInferenceGrain
{
    public Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default)
        => devices.Get(this.GetPrimaryKeyString()).EnqueueAsync(request.Text, request.Priority, request.Deadline, cancellationToken);
}
