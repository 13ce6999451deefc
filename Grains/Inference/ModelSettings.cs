namespace OrleansAgents.Inference;

/// <summary>
/// One model a silo loads and the devices it runs on (an entry of <c>Inference:Models</c>): one session and one batcher
/// per model and device, and requests batch only with requests of the same model.
/// </summary>
public sealed class ModelSettings
{
    /// <summary>A model name, as for <see cref="InferenceOptions.Model"/> (e.g. <c>all-MiniLM-L6-v2-int8</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The devices it runs on, as in <see cref="InferenceOptions.Devices"/>. Default: <see cref="InferenceOptions.Devices"/>.</summary>
    public List<string> Devices { get; set; } = [];
}
