using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Api;

/// <summary>The names under which the silo's embedding models are served on <c>/v1</c>: the one place they are decided.</summary>
internal static class ServedModel
{
    /// <summary>
    /// The default model's id: the named model in effect (<c>Inference:Model</c>, e.g. <c>all-MiniLM-L6-v2</c>), else the
    /// model file's name without its extension when <c>Inference:ModelPath</c> is set.
    /// </summary>
    public static string Name(InferenceOptions options)
        => options.EffectiveModel ?? Path.GetFileNameWithoutExtension(options.ModelPath!);

    /// <summary>
    /// Every model the silo has loaded now (<paramref name="loaded"/>, e.g. from <c>Inference:Models</c>) as its id on
    /// <c>/v1</c> and the model a request for it names (null: the default), the default model first. A model the silo
    /// could load but has not is not served here: a client cannot make a silo load a model.
    /// </summary>
    public static IReadOnlyList<(string Id, string? Model)> All(InferenceOptions options, IReadOnlyList<string> loaded)
    {
        var defaultModel = options.DefaultModelName;
        return [(Name(options), null), .. loaded.Where(m => !string.Equals(m, defaultModel, StringComparison.OrdinalIgnoreCase)).Select(m => (m, (string?)m))];
    }
}
