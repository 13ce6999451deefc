using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Api;

/// <summary>The name under which the silo's embedding model is served on <c>/v1</c>: the one place it is decided.</summary>
internal static class ServedModel
{
    /// <summary>
    /// The model's id: the named model in effect (<c>Inference:Model</c>, e.g. <c>all-MiniLM-L6-v2</c>), else the model
    /// file's name without its extension when <c>Inference:ModelPath</c> is set.
    /// </summary>
    public static string Name(InferenceOptions options)
        => options.EffectiveModel ?? Path.GetFileNameWithoutExtension(options.ModelPath!);
}
