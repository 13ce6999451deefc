using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Inference;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Inference;

/// <summary>The trained models shipped as package resources, their pooling, and the silo's shared label embeddings.</summary>
public sealed class NamedModelTests
{
    private readonly TestMeterFactory _meters = new();

    [Theory]
    [InlineData("password = 'hunter2' hardcoded in config.py", "hardcoded secret")]
    [InlineData("query = \"SELECT * FROM users WHERE id = \" + request.args['id']", "sql injection")]
    public async Task Semgrep_WhenMiniLmIsTheModel_RanksTheMatchingLabelFirst(string text, string expected)
    {
        await using var devices = StartDevices(NamedModels.MiniLm);
        var semgrep = Assert.IsType<AgentDescriptor>(new AgentCatalog(Options.Create(new AgentCatalogOptions())).TryResolve("semgrep", out var agent) ? agent : null);
        var labels = await new LabelEmbeddings(devices).GetAsync(semgrep.Labels, 5);

        var query = await devices.ShortestQueue().EnqueueAsync(text, 5, null, null, CancellationToken.None);

        Assert.Equal((384, expected), (query.Vector.Length, LabelScorer.TopK(query.Vector, labels, semgrep.Labels, 1)[0].Label));
    }

    [Theory]
    [InlineData("the download endpoint does open(os.path.join(BASE_DIR, request.args['file'])) without checking it", "path traversal")]
    [InlineData("we still hash user passwords with md5 before storing them", "weak cryptography")]
    [InlineData("pickle.loads(request.data) in the import view", "insecure deserialization")]
    public async Task Semgrep_WhenLabelsAreDescribed_RanksTheMatchingLabelFirst(string text, string expected)
    {
        await using var devices = StartDevices(NamedModels.MiniLm);
        var semgrep = Assert.IsType<AgentDescriptor>(new AgentCatalog(Options.Create(new AgentCatalogOptions())).TryResolve("semgrep", out var agent) ? agent : null);
        var embeddings = new LabelEmbeddings(devices);
        var labels = await embeddings.GetAsync(semgrep, LabelVectorMode.Described, 5);

        var query = await devices.ShortestQueue().EnqueueAsync(text, 5, null, null, CancellationToken.None);

        Assert.Equal(expected, LabelScorer.TopK(query.Vector, labels, semgrep.Labels, 1)[0].Label);
        Assert.Equal(semgrep.LabelDetails.Sum(d => 2 + d.Examples.Length), embeddings.ComputedCount);
    }

    [Fact]
    public async Task Embed_WhenArcticXs_ReturnsTheNormalisedClsTokenState()
    {
        const string Text = "rotate the database credentials";
        var options = new InferenceOptions { Model = NamedModels.ArcticXs };
        using var model = new EmbeddingModelFactory(Options.Create(options)).Create("cpu");
        var tokens = model.Encoder.Encode(Text, 512);

        var vector = model.Embed([tokens]).Vectors[0];

        var (bytes, vocab) = NamedModelResources.Open(NamedModels.Packaged[NamedModels.ArcticXs]);
        vocab.Dispose();
        using var session = new InferenceSession(bytes);
        int[] shape = [1, tokens.Ids.Length];
        var ids = new DenseTensor<long>(tokens.Ids.Select(i => (long)i).ToArray(), shape);
        var ones = new DenseTensor<long>(Enumerable.Repeat(1L, tokens.Ids.Length).ToArray(), shape);
        var zeros = new DenseTensor<long>(new long[tokens.Ids.Length], shape);
        using var outputs = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(EmbeddingModel.InputIds, ids),
            NamedOnnxValue.CreateFromTensor(EmbeddingModel.AttentionMask, ones),
            NamedOnnxValue.CreateFromTensor(EmbeddingModel.TokenTypeIds, zeros),
        ]);
        var hidden = outputs.Single(o => o.Name == EmbeddingModel.LastHiddenState).AsTensor<float>();
        var cls = Enumerable.Range(0, hidden.Dimensions[2]).Select(d => hidden[0, 0, d]).ToArray();
        var norm = MathF.Sqrt(cls.Sum(x => x * x));

        Assert.Equal(Pooling.Cls, model.Description.Pooling);
        Assert.Equal(cls.Select(x => x / norm), vector, (a, b) => MathF.Abs(a - b) < 1e-4f);
    }

    [Fact]
    public async Task LabelEmbeddings_WhenTwoAgentsAskConcurrently_EmbedsEachLabelOnce()
    {
        await using var devices = StartDevices(TestPaths.Model);
        var labels = new LabelEmbeddings(devices);
        string[] first = ["sql injection", "cross-site scripting"];
        string[] second = ["cross-site scripting", "sql injection", "hardcoded secret"];

        var results = await Task.WhenAll(labels.GetAsync(first, 5), labels.GetAsync(second, 5), labels.GetAsync(first, 5));

        Assert.Equal(3, labels.ComputedCount);
        Assert.Same(results[0][0], results[1][1]);
        Assert.Same(results[0][1], results[2][1]);
    }

    [Fact]
    public async Task LabelEmbeddings_WhenManyAgentsStartTogether_NeverOverflowTheQueue()
    {
        // 96 waiting requests at most, against 8 agents × 8 labels × 6 texts = 384 label texts asked for at once.
        await using var devices = StartDevices(TestPaths.Model, o => o.MaxQueueLength = 96);
        var labels = new LabelEmbeddings(devices);
        var agents = new AgentCatalog(Options.Create(new AgentCatalogOptions())).Agents.Skip(1).Take(8).ToList();

        var vectors = await Task.WhenAll(agents.Select(a => labels.GetAsync(a, LabelVectorMode.Described, 5)));

        Assert.All(vectors, (v, i) => Assert.Equal(agents[i].Labels.Length, v.Length));
        Assert.Equal(agents.SelectMany(a => a.LabelDetails.SelectMany(d => d.Examples.Append(d.Description).Append(d.Label))).Distinct().Count(), labels.ComputedCount);
    }

    [Fact]
    public void Validate_WhenModelNameIsUnknown_FailsNamingTheKeyAndTheKnownNames()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { Model = "gpt-5" });

        Assert.Equal(
            ["Inference:Model 'gpt-5' is not a known model; known: all-MiniLM-L6-v2, all-MiniLM-L6-v2-int8, arctic-embed-xs, builtin-tiny, builtin-tiny-fp16 (or leave it unset and set Inference:ModelPath and Inference:VocabPath)."],
            result.Failures);
    }

    [Fact]
    public void Open_WhenThePackageAssemblyIsMissing_FailsNamingThePackage()
    {
        var missing = NamedModels.Packaged[NamedModels.MiniLm] with { Name = "fake-model", Package = "Fake.Models.Package", AssemblyName = "Fake.Models.Package" };

        var ex = Assert.Throws<InvalidOperationException>(() => NamedModelResources.Open(missing));

        Assert.StartsWith("Inference:Model 'fake-model' needs the NuGet package Fake.Models.Package (assembly Fake.Models.Package.dll)", ex.Message);
    }

    [Fact]
    public void EffectiveModel_WhenNothingIsConfigured_IsMiniLm()
        => Assert.Equal("all-MiniLM-L6-v2", new InferenceOptions().EffectiveModel);

    private InferenceDevices StartDevices(string model, Action<InferenceOptions>? configure = null)
    {
        var inference = new InferenceOptions { Model = model, CacheDirectory = TestPaths.ModelCache };
        configure?.Invoke(inference);
        var options = Options.Create(inference);
        var devices = new InferenceDevices(new EmbeddingModelFactory(options), options, new InferenceInstruments(_meters), TimeProvider.System, NullLogger<InferenceDevices>.Instance);
        devices.Start();
        return devices;
    }
}
