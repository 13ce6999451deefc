using System.Globalization;

namespace OrleansAgents.Inference.Model;

/// <summary>
/// Generates the built-in text encoder: a small pre-LayerNorm transformer (ONNX IR 8, opset 17)
/// with deterministic, untrained weights, so the service has a real ONNX model to run without
/// downloading one. Inputs are <c>input_ids</c> and <c>attention_mask</c> (int64
/// [batch, sequence]); the output is <c>last_hidden_state</c> (float [batch, sequence, Hidden]),
/// meant to be mean-pooled over unmasked tokens. Token ids must lie in [0, VocabSize) and the
/// sequence must not exceed MaxPositions, otherwise the embedding Gather fails.
/// </summary>
internal static class EncoderModelGenerator
{
    /// <summary>
    /// Version of the graph layout and initialisation scheme. It is part of
    /// <see cref="EncoderSpec.Fingerprint"/>: bump it whenever <see cref="Generate"/> would emit
    /// different bytes for the same spec, so stale cached files are not reused.
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>Name of the int64 [batch, sequence] token id input.</summary>
    public const string InputIdsName = "input_ids";

    /// <summary>Name of the int64 [batch, sequence] input that is 1 for real tokens and 0 for padding.</summary>
    public const string AttentionMaskName = "attention_mask";

    /// <summary>Name of the float [batch, sequence, Hidden] output.</summary>
    public const string LastHiddenStateName = "last_hidden_state";

    // IR 8 shipped with opset 17 (ONNX 1.12); opset 17 is the first with LayerNormalization.
    private const long IrVersion = 8;
    private const long OpsetVersion = 17;
    private const float LayerNormEpsilon = 1e-5f;

    private const string ZeroIndex = "const.zero_i64";
    private const string OneIndex = "const.one_i64";
    private const string OneFloat = "const.one_f32";
    private const string MaskFill = "const.mask_fill";
    private const string MaskAxes = "const.mask_axes";
    private const string AttentionScale = "const.attention_scale";
    private const string GeluScale = "const.gelu_scale";
    private const string SplitHeadsShape = "const.split_heads_shape";
    private const string MergeHeadsShape = "const.merge_heads_shape";

    // Added to the scores of padded keys: exp(-1e4) underflows to exactly 0 in float32, so padding
    // cannot change the real tokens' outputs, and a fully padded row still yields finite values.
    private const float MaskedScoreBias = -1e4f;

    // GELU(x) ~= x * sigmoid(1.702 x); the Gelu op itself needs opset 20.
    private const float GeluSigmoidScale = 1.702f;

    // Token embeddings dominate the residual stream (each pre-LN block adds only ~0.1 per
    // element at these scales), so the pooled output keeps token identity: texts sharing tokens
    // come out more similar than texts sharing none, as a bag-of-tokens encoder would.
    private const double TokenEmbeddingStd = 1.0;

    // Small, like BERT/GPT-2 init: positions are shared by every text of a given length, so a
    // large position signal would make unrelated texts look alike.
    private const double PositionEmbeddingStd = 0.02;

    // BERT/GPT-2 style N(0, 0.02) for projections feeding attention and the MLP.
    private const double ProjectionStd = 0.02;

    /// <summary>
    /// Generates the model bytes. The output depends only on <paramref name="spec"/>: the same
    /// spec always yields byte-identical bytes on any machine.
    /// </summary>
    /// <exception cref="ArgumentException">The spec fails <see cref="EncoderSpec.Validate"/>.</exception>
    public static byte[] Generate(EncoderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();

        var random = new DeterministicRandom(unchecked((ulong)spec.Seed));
        var graph = new OnnxGraphBuilder();
        var hidden = spec.Hidden;
        var headDim = hidden / spec.Heads;

        var batch = OnnxTensorDim.Symbolic("batch");
        var sequence = OnnxTensorDim.Symbolic("sequence");
        graph.AddInput(InputIdsName, OnnxGraphBuilder.Int64Type, batch, sequence);
        graph.AddInput(AttentionMaskName, OnnxGraphBuilder.Int64Type, batch, sequence);
        graph.AddOutput(LastHiddenStateName, OnnxGraphBuilder.FloatType, batch, sequence, OnnxTensorDim.Fixed(hidden));

        // Shared constants; their names are fixed, so the helpers below refer to them directly.
        graph.AddInitializer(ZeroIndex, [], [0L]);
        graph.AddInitializer(OneIndex, [], [1L]);
        graph.AddInitializer(OneFloat, [], [1f]);
        graph.AddInitializer(MaskFill, [], [MaskedScoreBias]);
        graph.AddInitializer(MaskAxes, [2], [1L, 2L]);
        graph.AddInitializer(AttentionScale, [], [(float)(1.0 / Math.Sqrt(headDim))]);
        graph.AddInitializer(GeluScale, [], [GeluSigmoidScale]);
        graph.AddInitializer(SplitHeadsShape, [4], [0L, 0L, spec.Heads, headDim]);
        graph.AddInitializer(MergeHeadsShape, [3], [0L, 0L, hidden]);

        var residual = Embeddings(graph, random, spec);
        var maskBias = AttentionMaskBias(graph);

        // Output projections are scaled down by sqrt(2 * Layers) (GPT-2) so the residual stream's
        // variance does not grow with depth.
        var residualStd = ProjectionStd / Math.Sqrt(2.0 * spec.Layers);
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            residual = TransformerBlock(graph, random, spec, $"layers.{layer}", residual, maskBias, residualStd);
        }

        LayerNorm(graph, "final_norm", residual, hidden, LastHiddenStateName);

        return graph.BuildModel(
            graphName: "builtin_text_encoder",
            irVersion: IrVersion,
            opsetVersion: OpsetVersion,
            producerName: "OrleansAgents",
            producerVersion: FormatVersion.ToString(CultureInfo.InvariantCulture),
            docString: $"Deterministic untrained text encoder, spec fingerprint {spec.Fingerprint}.");
    }

    /// <summary>
    /// Returns the path of <c>{cacheDirectory}/builtin-encoder-{Fingerprint}.onnx</c>, generating
    /// it first if absent. The file is written to a unique temporary name in the same directory
    /// and then moved into place without overwriting, so readers never see a partial model and a
    /// concurrent writer (another silo or process) that wins the race is simply reused.
    /// </summary>
    public static string EnsureModel(string cacheDirectory, EncoderSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();

        return ModelCacheFile.Ensure(Path.Combine(cacheDirectory, $"builtin-encoder-{spec.Fingerprint}.onnx"), () => Generate(spec));
    }

    /// <summary>Token embedding plus learned position embedding: [batch, sequence, hidden].</summary>
    private static string Embeddings(OnnxGraphBuilder graph, DeterministicRandom random, EncoderSpec spec)
    {
        var tokenTable = NormalWeight(graph, random, "embeddings.token.weight", spec.VocabSize, spec.Hidden, TokenEmbeddingStd);
        var positionTable = NormalWeight(graph, random, "embeddings.position.weight", spec.MaxPositions, spec.Hidden, PositionEmbeddingStd);

        var tokens = graph.AddNode("Gather", [tokenTable, InputIdsName], "embeddings.tokens", OnnxGraphBuilder.IntAttribute("axis", 0));

        // positions = Range(0, shape(input_ids)[1], 1); the scalar index makes Gather return a scalar.
        var idsShape = graph.AddNode("Shape", [InputIdsName], "embeddings.ids_shape");
        var sequenceLength = graph.AddNode("Gather", [idsShape, OneIndex], "embeddings.sequence_length", OnnxGraphBuilder.IntAttribute("axis", 0));
        var positions = graph.AddNode("Range", [ZeroIndex, sequenceLength, OneIndex], "embeddings.positions");
        var positionVectors = graph.AddNode("Gather", [positionTable, positions], "embeddings.position_vectors", OnnxGraphBuilder.IntAttribute("axis", 0));

        // [B,S,H] + [S,H] broadcasts over the batch.
        return graph.AddNode("Add", [tokens, positionVectors], "embeddings.sum");
    }

    /// <summary>Additive key mask [batch, 1, 1, sequence]: 0 for real tokens, -1e4 for padding.</summary>
    private static string AttentionMaskBias(OnnxGraphBuilder graph)
    {
        var mask = graph.AddNode("Cast", [AttentionMaskName], "mask.float", OnnxGraphBuilder.IntAttribute("to", OnnxGraphBuilder.FloatType));
        var inverted = graph.AddNode("Sub", [OneFloat, mask], "mask.inverted");
        var bias = graph.AddNode("Mul", [inverted, MaskFill], "mask.bias");

        // Opset 13+ takes Unsqueeze axes as an input; [B,1,1,S] broadcasts over heads and queries.
        return graph.AddNode("Unsqueeze", [bias, MaskAxes], "mask.bias_4d");
    }

    /// <summary>One pre-LayerNorm block: x + Attn(LN(x)), then x + MLP(LN(x)).</summary>
    private static string TransformerBlock(
        OnnxGraphBuilder graph,
        DeterministicRandom random,
        EncoderSpec spec,
        string prefix,
        string input,
        string maskBias,
        double residualStd)
    {
        var hidden = spec.Hidden;

        var attentionInput = LayerNorm(graph, $"{prefix}.attention_norm", input, hidden);
        var query = Linear(graph, random, $"{prefix}.attention.query", attentionInput, hidden, hidden, ProjectionStd);
        var key = Linear(graph, random, $"{prefix}.attention.key", attentionInput, hidden, hidden, ProjectionStd);
        var value = Linear(graph, random, $"{prefix}.attention.value", attentionInput, hidden, hidden, ProjectionStd);

        // [B,S,H] -> [B,S,heads,dh] (Reshape 0 copies B and S) -> [B,heads,S,dh]; keys go
        // straight to [B,heads,dh,S] so the scores are a plain MatMul.
        var queryHeads = SplitHeads(graph, $"{prefix}.attention.query", query, [0, 2, 1, 3]);
        var keyHeads = SplitHeads(graph, $"{prefix}.attention.key", key, [0, 2, 3, 1]);
        var valueHeads = SplitHeads(graph, $"{prefix}.attention.value", value, [0, 2, 1, 3]);

        var scores = graph.AddNode("MatMul", [queryHeads, keyHeads], $"{prefix}.attention.scores");
        var scaled = graph.AddNode("Mul", [scores, AttentionScale], $"{prefix}.attention.scaled");
        var masked = graph.AddNode("Add", [scaled, maskBias], $"{prefix}.attention.masked");
        var probabilities = graph.AddNode("Softmax", [masked], $"{prefix}.attention.probabilities", OnnxGraphBuilder.IntAttribute("axis", -1));
        var context = graph.AddNode("MatMul", [probabilities, valueHeads], $"{prefix}.attention.context");

        // [B,heads,S,dh] -> [B,S,heads,dh] -> [B,S,H].
        var contextTokens = graph.AddNode("Transpose", [context], $"{prefix}.attention.context_tokens", OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1, 3));
        var merged = graph.AddNode("Reshape", [contextTokens, MergeHeadsShape], $"{prefix}.attention.merged");
        var attention = Linear(graph, random, $"{prefix}.attention.output", merged, hidden, hidden, residualStd);
        var afterAttention = graph.AddNode("Add", [input, attention], $"{prefix}.attention.residual");

        var mlpInput = LayerNorm(graph, $"{prefix}.mlp_norm", afterAttention, hidden);
        var up = Linear(graph, random, $"{prefix}.mlp.up", mlpInput, hidden, spec.FfnDim, ProjectionStd);
        var gateInput = graph.AddNode("Mul", [up, GeluScale], $"{prefix}.mlp.gate_input");
        var gate = graph.AddNode("Sigmoid", [gateInput], $"{prefix}.mlp.gate");
        var activated = graph.AddNode("Mul", [up, gate], $"{prefix}.mlp.gelu");
        var down = Linear(graph, random, $"{prefix}.mlp.down", activated, spec.FfnDim, hidden, residualStd);
        return graph.AddNode("Add", [afterAttention, down], $"{prefix}.mlp.residual");
    }

    private static string SplitHeads(OnnxGraphBuilder graph, string prefix, string input, long[] perm)
    {
        var reshaped = graph.AddNode("Reshape", [input, SplitHeadsShape], $"{prefix}.heads");
        return graph.AddNode("Transpose", [reshaped], $"{prefix}.heads_transposed", OnnxGraphBuilder.IntsAttribute("perm", perm));
    }

    /// <summary>x @ W + b with W ~ N(0, std) of shape [inputs, outputs] and b = 0.</summary>
    private static string Linear(OnnxGraphBuilder graph, DeterministicRandom random, string prefix, string input, int inputs, int outputs, double std)
    {
        var weight = NormalWeight(graph, random, $"{prefix}.weight", inputs, outputs, std);
        var bias = graph.AddInitializer($"{prefix}.bias", [outputs], new float[outputs]);
        var product = graph.AddNode("MatMul", [input, weight], $"{prefix}.matmul");
        return graph.AddNode("Add", [product, bias], prefix);
    }

    /// <summary>LayerNormalization over the last axis with gamma = 1, beta = 0 (the standard init).</summary>
    private static string LayerNorm(OnnxGraphBuilder graph, string prefix, string input, int hidden, string? output = null)
    {
        var gamma = new float[hidden];
        Array.Fill(gamma, 1f);
        var scale = graph.AddInitializer($"{prefix}.weight", [hidden], gamma);
        var bias = graph.AddInitializer($"{prefix}.bias", [hidden], new float[hidden]);
        return graph.AddNode(
            "LayerNormalization",
            [input, scale, bias],
            output ?? prefix,
            OnnxGraphBuilder.IntAttribute("axis", -1),
            OnnxGraphBuilder.FloatAttribute("epsilon", LayerNormEpsilon));
    }

    private static string NormalWeight(OnnxGraphBuilder graph, DeterministicRandom random, string name, int rows, int columns, double std)
    {
        var values = new float[checked(rows * columns)];
        random.FillNormal(values, std);
        return graph.AddInitializer(name, [rows, columns], values);
    }
}
