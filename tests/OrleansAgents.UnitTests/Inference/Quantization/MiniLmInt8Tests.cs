using Google.Protobuf;
using Microsoft.Extensions.Options;
using OrleansAgents.Inference;
using OrleansAgents.Inference.Quantization.Onnx;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Inference.Quantization;

/// <summary>The int8 variant of the default trained model, produced on first use through the factory.</summary>
public sealed class MiniLmInt8Tests(ITestOutputHelper output) : IDisposable
{
    // Measured over these texts: min cosine to fp32 0.9914, mean 0.9931 (README, int8); 0.98 leaves a margin for other CPUs.
    private const double MinCosine = 0.98;

    private static readonly string[] Texts =
    [
        "password = 'hunter2' hardcoded in config.py",
        "query = \"SELECT * FROM users WHERE id = \" + request.args['id']",
        "the download endpoint does open(os.path.join(BASE_DIR, request.args['file'])) without checking it",
        "we still hash user passwords with md5 before storing them",
        "pickle.loads(request.data) in the import view",
        "rotate the database credentials",
        "the build is red since the last merge, can someone look at the flaky test",
        "translate this paragraph into French",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "int8-minilm-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Create_WhenModelIsMiniLmInt8_EmbedsCloseToTheFloatModelFromACachedFile()
    {
        using var fp32 = Create(NamedModels.MiniLm);
        using var int8 = Create(NamedModels.MiniLmInt8);

        var expected = fp32.Embed([.. Texts.Select(t => fp32.Encoder.Encode(t, 128))]).Vectors;
        var actual = int8.Embed([.. Texts.Select(t => int8.Encoder.Encode(t, 128))]).Vectors;

        var cosines = expected.Zip(actual, (e, a) => DynamicInt8QuantizerTests.Cosine(e, a)).ToArray();
        output.WriteLine($"min cosine {cosines.Min():0.0000}, mean {cosines.Average():0.0000}");
        Assert.All(cosines, c => Assert.InRange(c, MinCosine, 1.0001));
        Assert.Equal((NamedModels.MiniLmInt8, 384), (int8.Description.Name, actual[0].Length));
        Assert.StartsWith(Path.Combine(_directory, NamedModels.MiniLmInt8 + "-"), int8.ModelPath, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndWrite_WhenMiniLmIsUnchanged_GivesTheSameBytes()
    {
        var (bytes, vocab) = NamedModelResources.Open(NamedModels.Packaged[NamedModels.MiniLm]);
        vocab.Dispose();

        var rewritten = ModelProto.Parser.ParseFrom(bytes).ToByteArray();

        Assert.Equal(bytes, rewritten);
    }

    [Fact]
    public void Validate_WhenModelIsUnknown_ListsTheInt8Name()
    {
        var validator = new InferenceOptionsValidator();

        var unknown = validator.Validate(null, new InferenceOptions { Model = "all-MiniLM-L6-v2-int4" });
        var int8 = validator.Validate(null, new InferenceOptions { Model = NamedModels.MiniLmInt8 });

        Assert.Contains(NamedModels.MiniLmInt8, Assert.Single(unknown.Failures!), StringComparison.Ordinal);
        Assert.True(int8.Succeeded);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private EmbeddingModel Create(string model)
        => new EmbeddingModelFactory(Options.Create(new InferenceOptions { Model = model, CacheDirectory = _directory })).Create("cpu");
}
