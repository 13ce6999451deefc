namespace OrleansAgents.Inference.Quantization;

/// <summary>How <see cref="DynamicInt8Quantizer"/> quantizes the weights; part of the cached file's fingerprint.</summary>
/// <param name="PerColumn">One scale per output column (true) or one per weight tensor.</param>
/// <param name="ReduceRange">Weights in [-63, 63] instead of [-127, 127], for CPUs without VNNI whose 8-bit
/// multiply-adds can saturate; the CPUs this runs on have VNNI, so off by default.</param>
/// <param name="FuseBias">Fold the constant bias of an <c>Add</c> that follows a <c>MatMul</c> into the quantized node.</param>
internal sealed record Int8QuantizationSettings(bool PerColumn = true, bool ReduceRange = false, bool FuseBias = true)
{
    /// <summary>Per-column scales, full range, biases fused: the measured best (README, Benchmarks).</summary>
    public static Int8QuantizationSettings Default { get; } = new();

    /// <summary>A stable text of the settings for the fingerprint.</summary>
    public string Tag => $"{(PerColumn ? "col" : "tensor")}-{(ReduceRange ? "r7" : "r8")}-{(FuseBias ? "bias" : "nobias")}";
}
