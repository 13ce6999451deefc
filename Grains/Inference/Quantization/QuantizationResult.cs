using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Inference.Quantization;

/// <summary>The quantized model and what was replaced.</summary>
/// <param name="Model">The rewritten model; the source model is left unchanged.</param>
/// <param name="ReplacedNodes">MatMul and Gemm nodes replaced by <c>DynamicQuantizeMatMul</c>.</param>
/// <param name="FusedBiases">Of those, the ones that absorbed the following <c>Add</c> of a constant bias.</param>
/// <param name="KeptNodes">MatMul and Gemm nodes left in float: no constant 2-D weight, or attributes the fused op lacks.</param>
internal sealed record QuantizationResult(ModelProto Model, int ReplacedNodes, int FusedBiases, int KeptNodes);
