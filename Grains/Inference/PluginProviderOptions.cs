namespace OrleansAgents.Inference;

/// <summary>
/// A plugin execution-provider library (ONNX Runtime's EP ABI), e.g. a separately supplied CUDA EP for an install of
/// the CPU package. Devices name it as <c>ep:EpName[:N]</c>.
/// </summary>
public sealed class PluginProviderOptions
{
    /// <summary>Name the library is registered under with ONNX Runtime.</summary>
    public string RegistrationName { get; set; } = "";

    /// <summary>The EP name the library reports (what devices name); defaults to <see cref="RegistrationName"/>.</summary>
    public string? EpName { get; set; }

    /// <summary>Path of the EP shared library.</summary>
    public string LibraryPath { get; set; } = "";

    /// <summary>Libraries to load first, e.g. <c>libonnxruntime_providers_shared.so</c> for ONNX Runtime's CUDA EP.</summary>
    public List<string> PreloadLibraries { get; set; } = [];

    /// <summary>Provider options passed when a session appends the EP (e.g. <c>device_id</c>).</summary>
    public Dictionary<string, string> Options { get; set; } = [];
}
