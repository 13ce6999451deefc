namespace OrleansAgents.Inference;

/// <summary>
/// The silo's embedding worker. The implementation is a stateless worker local to the caller's silo that sends each
/// request to the silo's device with the shortest queue (the one place a device is chosen); all callers share the
/// devices' batches. The key carries no meaning: agents all use the same one.
/// </summary>
[Alias("OrleansAgents.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>Embeds one text, batched with concurrent requests from any agent.</summary>
    [Alias("EmbedAsync")]
    Task<EmbeddingResult> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default);
}
