namespace OrleansAgents.Inference;

/// <summary>The batching limits in effect on one device: its <see cref="DeviceSettings"/> entry over the global options.</summary>
/// <param name="MaxBatchSize">Most requests in one model run.</param>
/// <param name="MaxConcurrentBatches">Batches that may run at once.</param>
internal readonly record struct DeviceLimits(int MaxBatchSize, int MaxConcurrentBatches);
