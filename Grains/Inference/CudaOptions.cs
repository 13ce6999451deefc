using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OrleansAgents.Inference;

/// <summary>
/// Options of ONNX Runtime's CUDA execution provider for <c>cuda:N</c> devices, and for the CUDA fallback behind
/// <c>tensorrt:N</c> devices (configuration section <c>Inference:Cuda</c>). The device id is the device name's N.
/// Defaults are ONNX Runtime's own.
/// </summary>
public sealed class CudaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference:Cuda";

    internal const string DeviceIdKey = "device_id";
    internal const string GpuMemLimitKey = "gpu_mem_limit";
    internal const string ArenaExtendStrategyKey = "arena_extend_strategy";
    internal const string CudnnConvAlgoSearchKey = "cudnn_conv_algo_search";
    internal const string CopyInDefaultStreamKey = "do_copy_in_default_stream";

    private static readonly string[] ArenaStrategies = ["NextPowerOfTwo", "SameAsRequested"];
    private static readonly string[] AlgoSearches = ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"];

    /// <summary>
    /// Most bytes the provider's memory arena may hold on the device (<c>gpu_mem_limit</c>); 0 means no limit. Default 0;
    /// range 0 or more.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long GpuMemoryLimit { get; set; }

    /// <summary>
    /// How the arena grows (<c>arena_extend_strategy</c>): <c>NextPowerOfTwo</c> (fewer, larger extensions) or
    /// <c>SameAsRequested</c> (tighter memory). Default <c>NextPowerOfTwo</c>.
    /// </summary>
    public string ArenaExtendStrategy { get; set; } = "NextPowerOfTwo";

    /// <summary>
    /// cuDNN convolution algorithm search (<c>cudnn_conv_algo_search</c>): <c>EXHAUSTIVE</c> (benchmark every algorithm
    /// once per shape), <c>HEURISTIC</c> or <c>DEFAULT</c>. Transformer encoders have no convolutions, so this matters only
    /// for models given by path. Default <c>EXHAUSTIVE</c>.
    /// </summary>
    public string CudnnConvAlgoSearch { get; set; } = "EXHAUSTIVE";

    /// <summary>
    /// Whether host-device copies run on the compute stream (<c>do_copy_in_default_stream</c>): safe ordering at the cost of
    /// overlapping copies with compute. Default true.
    /// </summary>
    public bool CopyInDefaultStream { get; set; } = true;

    /// <summary>
    /// Further CUDA provider options by ONNX Runtime's key (e.g. <c>enable_cuda_graph</c>, <c>use_tf32</c>); the keys the
    /// properties above set are not allowed here. Default: none.
    /// </summary>
    public Dictionary<string, string> ProviderOptions { get; set; } = [];

    /// <summary>The provider-option dictionary for device <paramref name="deviceId"/>, as ONNX Runtime's keys and values.</summary>
    internal Dictionary<string, string> ToProviderOptions(int deviceId)
    {
        var result = new Dictionary<string, string>(ProviderOptions, StringComparer.Ordinal)
        {
            [DeviceIdKey] = deviceId.ToString(CultureInfo.InvariantCulture),
            [ArenaExtendStrategyKey] = "k" + (Canonical(ArenaExtendStrategy, ArenaStrategies) ?? ArenaExtendStrategy),
            [CudnnConvAlgoSearchKey] = Canonical(CudnnConvAlgoSearch, AlgoSearches) ?? CudnnConvAlgoSearch,
            [CopyInDefaultStreamKey] = CopyInDefaultStream ? "1" : "0",
        };
        if (GpuMemoryLimit > 0)
        {
            // ONNX Runtime's unset value is SIZE_MAX; 0 would be a zero-byte arena.
            result[GpuMemLimitKey] = GpuMemoryLimit.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Checks that attributes cannot express, each failure naming its key.</summary>
    internal IEnumerable<string> Validate()
    {
        if (Canonical(ArenaExtendStrategy, ArenaStrategies) is null)
        {
            yield return $"{SectionName}:ArenaExtendStrategy '{ArenaExtendStrategy}' is not one of {string.Join(", ", ArenaStrategies)}.";
        }

        if (Canonical(CudnnConvAlgoSearch, AlgoSearches) is null)
        {
            yield return $"{SectionName}:CudnnConvAlgoSearch '{CudnnConvAlgoSearch}' is not one of {string.Join(", ", AlgoSearches)}.";
        }

        foreach (var failure in ProviderOptionKeys.Validate(ProviderOptions, $"{SectionName}:ProviderOptions",
                     [DeviceIdKey, GpuMemLimitKey, ArenaExtendStrategyKey, CudnnConvAlgoSearchKey, CopyInDefaultStreamKey]))
        {
            yield return failure;
        }
    }

    private static string? Canonical(string? value, string[] allowed)
        => allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}
