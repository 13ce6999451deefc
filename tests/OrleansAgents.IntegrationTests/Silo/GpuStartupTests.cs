using OrleansAgents.Silo.Hosting;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>The default build (the GPU flavour of ONNX Runtime) as a real silo process on this machine, which has no CUDA.</summary>
public sealed class GpuStartupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public void Build_ByDefault_ShipsTheCudaAndTensorRtProviders()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_cuda.so")), native);
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_tensorrt.so")), native);
    }

    [Fact]
    public async Task Start_OnACudaDeviceWithoutCuda_ExitsWithOneLineNamingTheMissingLibrary()
    {
        await using var silo = SiloProcess.Start("--environment=Development", "--Inference:Devices:0=cuda:0");

        var exit = await silo.WaitForExitAsync(Limit);

        Assert.Equal(StartupChecks.ConfigurationError, exit);
        var output = silo.Output;
        Assert.StartsWith("orleans-agents: the silo cannot start: Inference device 'cuda:0' needs the CUDA execution provider", output.Trim());
        Assert.Contains("libcublasLt.so.13", output);
        Assert.Contains("Install the NVIDIA driver, the CUDA 13 runtime (cudart, cuBLAS, cuRAND) and cuDNN 9", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task Start_WhenOnlyASecondModelRunsOnCuda_ExitsWithTheSameLine()
    {
        await using var silo = SiloProcess.Start(
            "--environment=Development", "--Inference:Models:0:Name=builtin-tiny", "--Inference:Models:1:Name=builtin-tiny-fp16",
            "--Inference:Models:1:Devices:0=cuda:0");

        var exit = await silo.WaitForExitAsync(Limit);

        Assert.Equal(StartupChecks.ConfigurationError, exit);
        Assert.StartsWith("orleans-agents: the silo cannot start: Inference device 'cuda:0' needs the CUDA execution provider", silo.Output.Trim());
        Assert.DoesNotContain("   at ", silo.Output);
    }
}
