using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OrleansAgents.Inference;

/// <summary>
/// Options of ONNX Runtime's TensorRT execution provider for <c>tensorrt:N</c> devices (configuration section
/// <c>Inference:TensorRt</c>). The CUDA provider, configured by <see cref="CudaOptions"/>, is appended after it and runs
/// the nodes TensorRT does not take. The device id is the device name's N.
/// </summary>
public sealed class TensorRtOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference:TensorRt";

    /// <summary>The engine cache's directory under <see cref="InferenceOptions.CacheDirectory"/> by default.</summary>
    public const string DefaultEngineCacheFolder = "trt-engines";

    internal const string DeviceIdKey = "device_id";
    internal const string EngineCacheEnableKey = "trt_engine_cache_enable";
    internal const string EngineCachePathKey = "trt_engine_cache_path";
    internal const string Fp16EnableKey = "trt_fp16_enable";
    internal const string MaxWorkspaceSizeKey = "trt_max_workspace_size";

    /// <summary>
    /// Whether built engines are kept on disk and reused by later starts: building one takes seconds to minutes per model
    /// and shape profile. Default true.
    /// </summary>
    public bool EngineCacheEnabled { get; set; } = true;

    /// <summary>Where engines are cached. Default: <c>&lt;Inference:CacheDirectory&gt;/trt-engines</c>.</summary>
    public string? EngineCachePath { get; set; }

    /// <summary>Whether TensorRT may choose float16 kernels (<c>trt_fp16_enable</c>). Default false.</summary>
    public bool Fp16 { get; set; }

    /// <summary>
    /// Most device memory, in bytes, TensorRT may use as scratch while building and running engines
    /// (<c>trt_max_workspace_size</c>); 0 leaves TensorRT's default. Default 0; range 0 or more.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long MaxWorkspaceSize { get; set; }

    /// <summary>
    /// Further TensorRT provider options by ONNX Runtime's key (e.g. <c>trt_timing_cache_enable</c>,
    /// <c>trt_profile_min_shapes</c>); the keys the properties above set are not allowed here. Default: none.
    /// </summary>
    public Dictionary<string, string> ProviderOptions { get; set; } = [];

    /// <summary>The engine cache directory in effect for <paramref name="cacheDirectory"/> (<see cref="InferenceOptions.EffectiveCacheDirectory"/>).</summary>
    internal string EffectiveEngineCachePath(string cacheDirectory)
        => EngineCachePath is { Length: > 0 } path ? path : Path.Combine(cacheDirectory, DefaultEngineCacheFolder);

    /// <summary>The provider-option dictionary for device <paramref name="deviceId"/>, as ONNX Runtime's keys and values.</summary>
    internal Dictionary<string, string> ToProviderOptions(int deviceId, string cacheDirectory)
    {
        var result = new Dictionary<string, string>(ProviderOptions, StringComparer.Ordinal)
        {
            [DeviceIdKey] = deviceId.ToString(CultureInfo.InvariantCulture),
            [EngineCacheEnableKey] = EngineCacheEnabled ? "1" : "0",
            [Fp16EnableKey] = Fp16 ? "1" : "0",
        };
        if (EngineCacheEnabled)
        {
            result[EngineCachePathKey] = EffectiveEngineCachePath(cacheDirectory);
        }

        if (MaxWorkspaceSize > 0)
        {
            result[MaxWorkspaceSizeKey] = MaxWorkspaceSize.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Checks that attributes cannot express, each failure naming its key.</summary>
    internal IEnumerable<string> Validate()
        => ProviderOptionKeys.Validate(ProviderOptions, $"{SectionName}:ProviderOptions",
            [DeviceIdKey, EngineCacheEnableKey, EngineCachePathKey, Fp16EnableKey, MaxWorkspaceSizeKey]);
}
