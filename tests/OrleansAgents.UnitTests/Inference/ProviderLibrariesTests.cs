using System.Runtime.InteropServices;
using OrleansAgents.Inference;

namespace OrleansAgents.Tests.Inference;

/// <summary>The diagnosis of a provider that cannot load, with the build's directory and the loader given.</summary>
public sealed class ProviderLibrariesTests : IDisposable
{
    private readonly string _gpuBuild = Directory.CreateTempSubdirectory("gpu-build-").FullName;
    private readonly string _cpuBuild = Directory.CreateTempSubdirectory("cpu-build-").FullName;

    public ProviderLibrariesTests()
    {
        File.WriteAllBytes(Path.Combine(_gpuBuild, ProviderLibraries.CudaProvider), []);
        File.WriteAllBytes(Path.Combine(_gpuBuild, ProviderLibraries.TensorRtProvider), []);
    }

    [Fact]
    public void EnsureLoadable_WhenCudaLibrariesAreMissing_NamesEachAndWhatToInstall()
    {
        var present = new HashSet<string> { "libcuda.so.1", "libcudart.so.13", "libcurand.so.10" };

        var error = Assert.Throws<InferenceProviderUnavailableException>(() => Ensure("cuda:1", _gpuBuild, present));

        Assert.Equal("cuda:1", error.Device);
        Assert.Equal(["libcublas.so.13", "libcublasLt.so.13", "libcudnn.so.9"], error.MissingLibraries);
        Assert.Contains("libcublas.so.13, libcublasLt.so.13, libcudnn.so.9 not found", error.Message);
        Assert.Contains("the CUDA 13 runtime (cudart, cuBLAS, cuRAND) and cuDNN 9", error.Message);
        Assert.Contains("-p:OnnxRuntimeFlavor=Cpu", error.Message);
        Assert.DoesNotContain("NVIDIA driver", error.Message);
    }

    [Fact]
    public void EnsureLoadable_WhenTheDriverIsMissingOnATensorRtDevice_AsksForTheDriverAndTensorRt()
    {
        var present = new HashSet<string>(ProviderLibraries.Cuda.Skip(1));

        var error = Assert.Throws<InferenceProviderUnavailableException>(() => Ensure("tensorrt:0", _gpuBuild, present));

        Assert.Equal(["libcuda.so.1", "libnvinfer.so.10", "libnvonnxparser.so.10"], error.MissingLibraries);
        Assert.Contains("Install the NVIDIA driver, the CUDA 13 runtime (cudart, cuBLAS, cuRAND) and cuDNN 9 and TensorRT 10", error.Message);
    }

    [Fact]
    public void EnsureLoadable_WhenOnlyTheProviderFailsToLoad_NamesWhatTheLoaderCouldNotOpen()
    {
        var present = new HashSet<string>(ProviderLibraries.Cuda);
        var provider = Path.Combine(_gpuBuild, ProviderLibraries.CudaProvider);
        string? Load(string library) => present.Contains(library) ? null
            : library == provider ? $"Unable to load shared library '{provider}' or one of its dependencies.\nlibcufft.so.12: cannot open shared object file: No such file or directory"
            : "unexpected";

        var error = Assert.Throws<InferenceProviderUnavailableException>(() => ProviderLibraries.EnsureLoadable(Device("cuda:0"), [_gpuBuild], Load));

        Assert.Equal(["libcufft.so.12"], error.MissingLibraries);
        Assert.Contains("libcufft.so.12 not found (libcufft.so.12: cannot open shared object file: No such file or directory)", error.Message);
    }

    [Fact]
    public void EnsureLoadable_WhenTheBuildIsTheCpuFlavour_SaysToBuildTheGpuFlavour()
    {
        var error = Assert.Throws<InferenceProviderUnavailableException>(() => Ensure("cuda:0", _cpuBuild, new HashSet<string>(ProviderLibraries.Cuda)));

        Assert.Equal([ProviderLibraries.CudaProvider], error.MissingLibraries);
        Assert.Contains("built with the CPU-only ONNX Runtime (-p:OnnxRuntimeFlavor=Cpu)", error.Message);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ep:MyEp:0")]
    [InlineData("cuda:0")]
    [InlineData("tensorrt:0")]
    public void EnsureLoadable_WhenNothingIsMissingOrNothingIsNeeded_Passes(string device)
    {
        var everything = new HashSet<string>(ProviderLibraries.Cuda.Concat(ProviderLibraries.TensorRt))
        {
            Path.Combine(_gpuBuild, ProviderLibraries.CudaProvider),
            Path.Combine(_gpuBuild, ProviderLibraries.TensorRtProvider),
        };

        ProviderLibraries.EnsureLoadable(Device(device), [_gpuBuild], library => everything.Contains(library) ? null : $"{library} was asked for");
    }

    [Fact]
    public void EnsureLoadable_WithTheRealLoader_ReportsCublasLtMissingExactlyWhenItCannotLoad()
    {
        // The provider ships next to the tests (the default Gpu flavour); CI machines have no CUDA, GPU machines do.
        var present = NativeLibrary.TryLoad("libcublasLt.so.13", out var handle);
        if (present)
        {
            NativeLibrary.Free(handle);
        }

        var error = Record.Exception(() => ProviderLibraries.EnsureLoadable(Device("cuda:0")));

        var missing = (error as InferenceProviderUnavailableException)?.MissingLibraries ?? [];
        Assert.True(error is null or InferenceProviderUnavailableException, error?.ToString());
        Assert.Equal(!present, missing.Contains("libcublasLt.so.13"));
    }

    public void Dispose()
    {
        Directory.Delete(_gpuBuild, recursive: true);
        Directory.Delete(_cpuBuild, recursive: true);
    }

    private static void Ensure(string device, string build, IReadOnlySet<string> present)
        => ProviderLibraries.EnsureLoadable(Device(device), [build], library => present.Contains(library) ? null : $"{library}: cannot open shared object file");

    private static DeviceName Device(string name) => DeviceName.TryParse(name, out var device) ? device : throw new ArgumentException(name);
}
