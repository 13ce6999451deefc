namespace OrleansAgents.Inference;

/// <summary>
/// The silo's embedding worker. The implementation is a stateless worker local to the caller's silo that sends each
/// request to the silo's device with the shortest queue; all callers share the devices' batches. Embedding ignores the
/// key; <see cref="GetModelInfoAsync"/> reads it as a device name (<c>cpu</c>, <c>cuda:0</c>, …).
/// </summary>
[Alias("OrleansAgents.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>Embeds one text, batched with concurrent requests from any agent.</summary>
    [Alias("EmbedAsync")]
    Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes the model this device serves.</summary>
    [Alias("GetModelInfoAsync")]
    Task<ModelInfo> GetModelInfoAsync();
}
