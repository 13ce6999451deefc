using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Inference;

/// <summary>The CUDA and TensorRT options as ONNX Runtime's provider-option dictionaries, and their checks at start.</summary>
public sealed class ProviderOptionsTests
{
    [Fact]
    public void CudaToProviderOptions_WhenDefaults_SetsDeviceAndOrtDefaultsWithoutMemoryLimit()
    {
        var options = new CudaOptions().ToProviderOptions(deviceId: 1);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["device_id"] = "1",
                ["arena_extend_strategy"] = "kNextPowerOfTwo",
                ["cudnn_conv_algo_search"] = "EXHAUSTIVE",
                ["do_copy_in_default_stream"] = "1",
            },
            options);
    }

    [Fact]
    public void CudaToProviderOptions_WhenConfigured_MapsEveryOptionAndKeepsFreeFormOnes()
    {
        var cuda = new CudaOptions
        {
            GpuMemoryLimit = 8L << 30,
            ArenaExtendStrategy = "sameasrequested",
            CudnnConvAlgoSearch = "heuristic",
            CopyInDefaultStream = false,
            ProviderOptions = { ["enable_cuda_graph"] = "1" },
        };

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["enable_cuda_graph"] = "1",
                ["device_id"] = "0",
                ["gpu_mem_limit"] = "8589934592",
                ["arena_extend_strategy"] = "kSameAsRequested",
                ["cudnn_conv_algo_search"] = "HEURISTIC",
                ["do_copy_in_default_stream"] = "0",
            },
            cuda.ToProviderOptions(0));
    }

    [Fact]
    public void Validate_WhenCudaValuesUnknownOrKeysTaken_ListsEachNamingItsKey()
    {
        var options = new InferenceOptions
        {
            Cuda = new CudaOptions
            {
                GpuMemoryLimit = -1,
                ArenaExtendStrategy = "Doubling",
                CudnnConvAlgoSearch = "FAST",
                ProviderOptions = { ["device_id"] = "3", ["use_tf32"] = "0" },
            },
        };

        var result = new InferenceOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Inference:Cuda:GpuMemoryLimit: The field GpuMemoryLimit must be between 0 and 9.223372036854776E+18.",
                "Inference:Cuda:ArenaExtendStrategy 'Doubling' is not one of NextPowerOfTwo, SameAsRequested.",
                "Inference:Cuda:CudnnConvAlgoSearch 'FAST' is not one of EXHAUSTIVE, HEURISTIC, DEFAULT.",
                "Inference:Cuda:ProviderOptions may not set 'device_id': it has its own option (or comes from the device name).",
            ],
            result.Failures);
    }

    [Fact]
    public void TensorRtToProviderOptions_WhenDefaults_CachesEnginesUnderTheCacheDirectory()
    {
        var options = new TensorRtOptions().ToProviderOptions(deviceId: 2, cacheDirectory: "/var/cache/agents");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["device_id"] = "2",
                ["trt_engine_cache_enable"] = "1",
                ["trt_fp16_enable"] = "0",
                ["trt_engine_cache_path"] = "/var/cache/agents/trt-engines",
            },
            options);
    }

    [Fact]
    public void TensorRtToProviderOptions_WhenConfigured_MapsFp16WorkspaceAndPath()
    {
        var tensorRt = new TensorRtOptions
        {
            EngineCachePath = "/data/engines",
            Fp16 = true,
            MaxWorkspaceSize = 2L << 30,
            ProviderOptions = { ["trt_timing_cache_enable"] = "1" },
        };

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["trt_timing_cache_enable"] = "1",
                ["device_id"] = "0",
                ["trt_engine_cache_enable"] = "1",
                ["trt_fp16_enable"] = "1",
                ["trt_engine_cache_path"] = "/data/engines",
                ["trt_max_workspace_size"] = "2147483648",
            },
            tensorRt.ToProviderOptions(0, "/ignored"));
    }

    [Fact]
    public void TensorRtToProviderOptions_WhenCacheDisabled_SetsNoPath()
    {
        var options = new TensorRtOptions { EngineCacheEnabled = false }.ToProviderOptions(0, "/var/cache/agents");

        Assert.Equal(("0", false), (options["trt_engine_cache_enable"], options.ContainsKey("trt_engine_cache_path")));
    }

    [Fact]
    public void Validate_WhenTensorRtKeyTaken_FailsNamingIt()
    {
        var options = new InferenceOptions { TensorRt = new TensorRtOptions { ProviderOptions = { ["trt_fp16_enable"] = "1" } } };

        var result = new InferenceOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Inference:TensorRt:ProviderOptions may not set 'trt_fp16_enable': it has its own option (or comes from the device name)."],
            result.Failures);
    }
}
