using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Api;

/// <summary>The name under which the silo's embedding model is served on <c>/v1</c>: the one place it is decided.</summary>
internal static class ServedModel
{
    /// <summary>The generated encoder the silo runs when no model file is configured.</summary>
    public const string BuiltIn = "builtin-tiny";

    /// <summary>
    /// The model's id: <see cref="BuiltIn"/> without <c>Inference:ModelPath</c>, else the model file's name without its
    /// extension. Named models (<c>Inference:Model</c>) plug in here.
    /// </summary>
    public static string Name(InferenceOptions options)
        => string.IsNullOrWhiteSpace(options.ModelPath) ? BuiltIn : Path.GetFileNameWithoutExtension(options.ModelPath);
}
