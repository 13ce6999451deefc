using Microsoft.Extensions.Options;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

public sealed class EmbeddingModelFactoryTests
{
    [Fact]
    public void Create_WhenNoModelConfiguredOnCpu_LoadsTheBuiltInEncoderOnTheCpuProvider()
    {
        var options = new InferenceOptions { CacheDirectory = TestPaths.ModelCache, Model = TestPaths.Model };

        using var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");

        Assert.Equal(("cpu", "CPUExecutionProvider", 128), (model.Device, model.ExecutionProvider, model.Dimensions));
        Assert.EndsWith(".onnx", model.ModelPath);
        Assert.StartsWith(TestPaths.ModelCache, model.ModelPath);
    }
}
