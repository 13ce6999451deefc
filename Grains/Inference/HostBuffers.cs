namespace OrleansAgents.Inference;

/// <summary>Where a model's input and output tensors live on the host between runs.</summary>
internal enum HostBuffers
{
    /// <summary>Pooled managed arrays wrapped per run (<c>OrtValue.CreateTensorValueFromMemory</c>): the CPU path.</summary>
    Managed,

    /// <summary>Native buffers of ONNX Runtime's CPU allocator, bound through an <c>OrtIoBinding</c> and reused across runs.</summary>
    Native,

    /// <summary>
    /// Page-locked buffers of the CUDA provider's <c>CudaPinned</c> allocator, bound through an <c>OrtIoBinding</c> and
    /// reused across runs, so host-device copies are DMA transfers without a staging copy.
    /// </summary>
    CudaPinned,
}
