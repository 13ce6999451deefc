using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

/// <summary>Per-device batching limits: binding, precedence over the global values, checks, and batchers that keep to them.</summary>
public sealed class DeviceSettingsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void LimitsFor_WhenBoundFromCommandLineKeys_OverridesOnlyTheNamedDevice()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(
        [
            "--Inference:Devices:0=cpu", "--Inference:Devices:1=cuda:0",
            "--Inference:MaxBatchSize=16",
            "--Inference:DeviceSettings:0:Device=CUDA:0", "--Inference:DeviceSettings:0:MaxBatchSize=1024",
            "--Inference:DeviceSettings:0:MaxConcurrentBatches=3",
        ]).Build();
        var options = configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>()!;

        Assert.Equal(
            (new DeviceLimits(16, 1), new DeviceLimits(1024, 3)),
            (options.LimitsFor("cpu"), options.LimitsFor("cuda:0")));
        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_WhenEntriesUnknownDuplicateOrTooLarge_ListsEachNamingItsEntry()
    {
        var options = new InferenceOptions
        {
            Devices = ["cpu", "cuda:0"],
            DeviceSettings =
            [
                new DeviceSettings { Device = "cuda:1", MaxBatchSize = 64 },
                new DeviceSettings { Device = "cpu", MaxBatchSize = 512 },
                new DeviceSettings { Device = "cuda:0", MaxBatchSize = 8192, MaxConcurrentBatches = 2 },
                new DeviceSettings { Device = "cuda:0", MaxConcurrentBatches = 9 },
            ],
        };

        var result = new InferenceOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Inference:DeviceSettings:0:Device 'cuda:1' is not one of Inference:Devices (cpu, cuda:0).",
                "Inference:DeviceSettings:1:MaxBatchSize 512 is above 256, the most for a CPU device (up to 4096 is for GPU devices).",
                "Inference:DeviceSettings:2:MaxBatchSize: The field MaxBatchSize must be between 1 and 4096.",
                "Inference:DeviceSettings:3:MaxConcurrentBatches: The field MaxConcurrentBatches must be between 1 and 8.",
                "Inference:DeviceSettings:3:Device 'cuda:0' has an earlier entry; give each device one.",
            ],
            result.Failures);
    }

    [Fact]
    public async Task EnqueueAsync_WhenTwoDevicesHaveDifferentLimits_EachBatchesUpToItsOwn()
    {
        var time = new FakeTimeProvider();
        var options = new InferenceOptions { CacheDirectory = TestPaths.ModelCache, Model = TestPaths.Model, MaxQueueDelay = TimeSpan.FromSeconds(1) };
        var factory = new EmbeddingModelFactory(Options.Create(options));
        var instruments = new InferenceInstruments(_meters);
        await using var small = new InferenceBatcher(factory.Create("cpu"), options, instruments, time, NullLogger.Instance, new DeviceLimits(3, 1));
        await using var large = new InferenceBatcher(factory.Create("cpu"), options, instruments, time, NullLogger.Instance, new DeviceLimits(12, 2));

        // Both queues fill faster than their delay: every batch runs because it is full.
        var smallResults = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => small.EnqueueAsync($"text {i}", 4, null, null, CancellationToken.None)));
        var largeResults = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => large.EnqueueAsync($"text {i}", 4, null, null, CancellationToken.None)));

        Assert.All(smallResults, r => Assert.Equal(3, r.BatchSize));
        Assert.All(largeResults, r => Assert.Equal(12, r.BatchSize));
    }
}
