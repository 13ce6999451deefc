using System.Numerics.Tensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

/// <summary>Several models on one silo (<c>Inference:Models</c>): options, one batcher per model and device, on-demand and reload loads.</summary>
public sealed class InferenceModelsTests : IDisposable
{
    private const string Tiny = NamedModels.BuiltInTiny;
    private const string Fp16 = NamedModels.BuiltInTinyFp16;
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void EffectiveModels_WhenModelsAbsent_IsTheDefaultModelOnInferenceDevices()
    {
        var options = new InferenceOptions { Model = Tiny, Devices = ["cpu", "cuda:0"] };

        var only = Assert.Single(options.EffectiveModels);

        Assert.Equal(Tiny, only.Name);
        Assert.Equal(["cpu", "cuda:0"], only.Devices);
        Assert.Equal(Tiny, options.DefaultModelName);
    }

    [Fact]
    public void Bind_WhenModelsGivenAsCommandLineKeys_BindsEachWithItsDevicesAndValidates()
    {
        var options = new ConfigurationBuilder().AddCommandLine(
        [
            "--Inference:Model=builtin-tiny",
            "--Inference:Models:0:Name=builtin-tiny", "--Inference:Models:0:Devices:0=cpu",
            "--Inference:Models:1:Name=BUILTIN-TINY-FP16", "--Inference:Models:1:Devices:0=cuda:0",
            "--Inference:DeviceSettings:0:Device=cuda:0", "--Inference:DeviceSettings:0:MaxBatchSize=512",
        ]).Build().GetSection(InferenceOptions.SectionName).Get<InferenceOptions>()!;

        Assert.Equal(
            [(Tiny, "cpu"), (Fp16, "cuda:0")],
            options.EffectiveModels.Select(m => (m.Name, string.Join(",", m.Devices))));
        Assert.Equal(["cpu", "cuda:0"], options.AllDevices);
        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_WhenModelsUnknownListedTwiceOrOnBadDevices_ListsEachNamingItsEntry()
    {
        var options = new InferenceOptions
        {
            Models =
            [
                new ModelSettings { Name = "gpt-9" },
                new ModelSettings { Name = Tiny, Devices = ["cpu", "CPU"] },
                new ModelSettings { Name = "Builtin-Tiny", Devices = ["gpu0"] },
                new ModelSettings { Name = " " },
            ],
        };

        var result = new InferenceOptionsValidator().Validate(null, options);

        var known = string.Join(", ", NamedModels.Names);
        Assert.Equal(
            [
                $"Inference:Models:0:Name 'gpt-9' is not a known model; known: {known}.",
                "Inference:Models:1:Devices lists a device twice.",
                "Inference:Models:2:Name 'Builtin-Tiny' is listed twice; give each model one entry with all its devices.",
                "Inference:Models:2:Devices entry 'gpu0' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.",
                $"Inference:Models:3:Name is required (one of {known}).",
            ],
            result.Failures);
    }

    [Fact]
    public async Task ForAsync_WhenTwoModelsAreLoaded_EachHasItsOwnBatcherAndRequestsUseTheirModel()
    {
        await using var devices = Start(new InferenceOptions { Model = Tiny, Models = [new() { Name = Tiny }, new() { Name = Fp16 }] });

        var tiny = await devices.ForAsync(Tiny);
        var fp16 = await devices.ForAsync(Fp16);
        var byDefault = await devices.ForAsync(null);
        var a = await tiny.ShortestQueue().EnqueueAsync("rotate the TLS certificate", 5, null, null, CancellationToken.None);
        var b = await fp16.ShortestQueue().EnqueueAsync("rotate the TLS certificate", 5, null, null, CancellationToken.None);

        Assert.Equal([Tiny, Fp16], devices.Models);
        Assert.Same(tiny, byDefault);
        Assert.NotSame(tiny.ShortestQueue(), fp16.ShortestQueue());
        Assert.NotEqual(a.Vector, b.Vector); // float16 weights: close, not equal
        Assert.True(TensorPrimitives.CosineSimilarity(a.Vector, b.Vector) > 0.99f);
    }

    [Fact]
    public async Task ForAsync_WhenTheModelIsNotLoaded_LoadsItOnceAndThenServesIt()
    {
        await using var devices = Start(new InferenceOptions { Model = Tiny });

        var loads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => devices.ForAsync(Fp16).AsTask()));

        Assert.All(loads, l => Assert.Same(loads[0], l));
        Assert.Equal([Tiny, Fp16], devices.Models);
        Assert.Same(loads[0], await devices.ForAsync("BUILTIN-TINY-FP16"));
    }

    [Fact]
    public async Task Start_WhenAReloadAddsAModel_LoadsItInTheBackgroundAndAdvertisesIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:Model"] = Tiny,
            ["Inference:CacheDirectory"] = TestPaths.ModelCache,
            ["Inference:Models:0:Name"] = Tiny,
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.SectionName))
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<InferenceOptions>>();
        await using var devices = new InferenceDevices(
            new EmbeddingModelFactory(options), options, new InferenceInstruments(_meters), TimeProvider.System,
            NullLogger<InferenceDevices>.Instance, services.GetRequiredService<IOptionsMonitor<InferenceOptions>>());
        devices.Start();
        Assert.Equal([Tiny], devices.Models);

        configuration["Inference:Models:1:Name"] = Fp16;
        configuration.Reload();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (devices.Models.Count < 2)
        {
            await Task.Delay(20, deadline.Token);
        }

        Assert.Equal([Tiny, Fp16], devices.Models);
    }

    [Fact]
    public async Task GetAsync_WhenTwoModelsEmbedTheSameLabels_EachModelHasItsOwnVectors()
    {
        await using var devices = Start(new InferenceOptions { Model = Tiny, Models = [new() { Name = Tiny }, new() { Name = Fp16 }] });
        var labels = new LabelEmbeddings(devices);
        string[] texts = ["certificate expired", "disk full"];

        var tiny = await labels.GetAsync(texts, 5, Tiny);
        var fp16 = await labels.GetAsync(texts, 5, Fp16);
        var byDefault = await labels.GetAsync(texts, 5);

        Assert.Equal(4, labels.ComputedCount);
        Assert.NotEqual(tiny[0], fp16[0]);
        Assert.Same(tiny[0], byDefault[0]);
    }

    private InferenceDevices Start(InferenceOptions inference)
    {
        inference.CacheDirectory = TestPaths.ModelCache;
        var options = Options.Create(inference);
        var devices = new InferenceDevices(new EmbeddingModelFactory(options), options, new InferenceInstruments(_meters), TimeProvider.System, NullLogger<InferenceDevices>.Instance);
        devices.Start();
        return devices;
    }
}
