using OrleansAgents.Inference;
using OrleansAgents.Placement;

namespace OrleansAgents.Tests.Placement;

public sealed class SiloCapabilitiesTests
{
    [Fact]
    public void From_WhenDevicesIncludeAccelerators_CountsAllButCpu()
    {
        var capabilities = SiloCapabilities.From(
            new InferenceOptions { Devices = ["cpu", "cuda:0", "tensorrt:1", "ep:CudaPluginExecutionProvider:0"] }, new PlacementOptions());

        Assert.Equal(["cuda:0", "tensorrt:1", "ep:CudaPluginExecutionProvider:0"], capabilities.Accelerators);
        Assert.Equal(3, capabilities.AcceleratorCount);
        Assert.Equal("gpu", capabilities.Role);
    }

    [Fact]
    public void From_WhenCpuOnlyWithAdvertisedOverride_AdvertisesTheOverride()
    {
        var capabilities = SiloCapabilities.From(new InferenceOptions(), new PlacementOptions { AdvertisedAccelerators = 1 });

        Assert.Empty(capabilities.Accelerators);
        Assert.Equal(1, capabilities.AcceleratorCount);
        Assert.True(capabilities.HasAccelerator);
        Assert.Equal("gpu", capabilities.Role);
    }

    [Fact]
    public void From_WhenCpuOnly_HasNoAccelerator()
    {
        var capabilities = SiloCapabilities.From(new InferenceOptions(), new PlacementOptions());

        Assert.False(capabilities.HasAccelerator);
        Assert.Equal("cpu", capabilities.Role);
    }

    [Fact]
    public void FromMetadata_RoundTripsToMetadata()
    {
        var capabilities = SiloCapabilities.From(new InferenceOptions { Devices = ["cuda:0", "cuda:1"] }, new PlacementOptions { Role = "inference" });

        var read = SiloCapabilities.FromMetadata(capabilities.ToMetadata().ToDictionary());

        Assert.Equal(["cuda:0", "cuda:1"], read.Accelerators);
        Assert.Equal(2, read.AcceleratorCount);
        Assert.Equal("inference", read.Role);
    }

    [Fact]
    public void FromMetadata_WhenNothingAdvertised_ReadsAsNone()
        => Assert.Same(SiloCapabilities.None, SiloCapabilities.FromMetadata(new Dictionary<string, string>()));

    [Fact]
    public void Validator_WhenEveryWeightIsZero_Fails()
    {
        var result = new PlacementOptionsValidator().Validate(null, new PlacementOptions { CpuWeight = 0, MemoryWeight = 0, ActivationWeight = 0, QueueDepthWeight = 0 });

        Assert.True(result.Failed);
    }
}
