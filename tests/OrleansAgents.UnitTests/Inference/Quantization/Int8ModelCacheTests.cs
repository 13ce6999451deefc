using OrleansAgents.Inference.Model;
using OrleansAgents.Inference.Quantization;

namespace OrleansAgents.Tests.Inference.Quantization;

/// <summary>The int8 files in the model cache: written once, named by the source's fingerprint.</summary>
public sealed class Int8ModelCacheTests : IDisposable
{
    private static readonly Lazy<byte[]> Source = new(() => EncoderModelGenerator.Generate(EncoderSpec.Default));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "int8-cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Ensure_WhenCalledTwice_WritesTheFileOnceAndReusesIt()
    {
        var path = Int8ModelCache.Ensure(_directory, "tiny-int8", Source.Value);
        var marker = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, marker);

        var again = Int8ModelCache.Ensure(_directory, "tiny-int8", Source.Value);

        var fingerprint = Int8ModelCache.Fingerprint(Source.Value, Int8QuantizationSettings.Default);
        Assert.Equal(Path.Combine(_directory, $"tiny-int8-{fingerprint}.onnx"), path);
        Assert.Equal((path, marker), (again, File.GetLastWriteTimeUtc(again)));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void Ensure_WhenSourceChanges_WritesANewFile()
    {
        var first = Int8ModelCache.Ensure(_directory, "tiny-int8", Source.Value);
        var changed = EncoderModelGenerator.Generate(EncoderSpec.Default with { Seed = EncoderSpec.Default.Seed + 1 });

        var second = Int8ModelCache.Ensure(_directory, "tiny-int8", changed);

        Assert.NotEqual(first, second);
        Assert.Equal([first, second], Directory.GetFiles(_directory).Order().ToArray() is var files && files[0] == first ? files : [.. files.Reverse()]);
        Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Fingerprint_WhenSettingsDiffer_Differs()
    {
        var perColumn = Int8ModelCache.Fingerprint(Source.Value, Int8QuantizationSettings.Default);

        var perTensor = Int8ModelCache.Fingerprint(Source.Value, Int8QuantizationSettings.Default with { PerColumn = false });

        Assert.Matches("^[0-9a-f]{16}$", perColumn);
        Assert.NotEqual(perColumn, perTensor);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
