namespace OrleansAgents.Inference;

/// <summary>
/// Per-device embedding worker. The implementation is a stateless worker local to the caller's silo;
/// its key names the device (<c>cpu</c>, <c>cuda:0</c>, …) and all callers share that device's batches.
/// </summary>
[Alias("OrleansAgents.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>Embeds one text, batched with concurrent requests from any agent.</summary>
    [Alias("EmbedAsync")]
    Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default);
}
