using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.Inference;

/// <summary>
/// One device's batching limits, overriding <see cref="InferenceOptions.MaxBatchSize"/> and
/// <see cref="InferenceOptions.MaxConcurrentBatches"/> for it (an entry of <c>Inference:DeviceSettings</c>).
/// </summary>
/// <remarks>
/// A list of entries naming their device, rather than a section keyed by device name, because a device name such as
/// <c>cuda:0</c> contains <c>:</c>, the configuration path separator: <c>Inference:DeviceSettings:cuda:0:MaxBatchSize</c>
/// would bind as a section <c>cuda</c> with a child <c>0</c>. Entries bind the same from JSON, environment variables
/// (<c>Inference__DeviceSettings__0__Device=cuda:0</c>) and the command line
/// (<c>--Inference:DeviceSettings:0:Device=cuda:0</c>), and, unlike a per-kind default, can tell two GPUs apart.
/// </remarks>
public sealed class DeviceSettings
{
    /// <summary>The most requests in one run a CPU device may take, as for <see cref="InferenceOptions.MaxBatchSize"/>.</summary>
    public const int MaxCpuBatchSize = 256;

    /// <summary>The device these limits apply to, as in <see cref="InferenceOptions.Devices"/> (e.g. <c>cuda:0</c>).</summary>
    public string Device { get; set; } = "";

    /// <summary>
    /// Most requests in one model run on this device. GPUs want large batches (e.g. 256–1024). Default: the global
    /// <see cref="InferenceOptions.MaxBatchSize"/>; range 1–4096 (1–256 for <c>cpu</c>).
    /// </summary>
    [Range(1, 4096)]
    public int? MaxBatchSize { get; set; }

    /// <summary>
    /// Batches of this device that may run at once (on a GPU: streams kept busy while the host prepares the next batch;
    /// 2–4 is typical). Default: the global <see cref="InferenceOptions.MaxConcurrentBatches"/>; range 1–8.
    /// </summary>
    [Range(1, 8)]
    public int? MaxConcurrentBatches { get; set; }
}
