namespace OrleansAgents.Inference;

/// <summary>The outcome of one model run: a vector per request, the ONNX Runtime run time and the padding waste.</summary>
/// <param name="Vectors">Unit-length embeddings, one per request, in batch order.</param>
/// <param name="RunMs">Duration of <c>InferenceSession.Run</c> alone.</param>
/// <param name="PaddingRatio">Share of the padded input that was padding, 0–1.</param>
internal readonly record struct BatchRun(float[][] Vectors, double RunMs, double PaddingRatio);
