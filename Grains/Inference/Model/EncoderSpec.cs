using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansAgents.Inference.Model;

/// <summary>
/// Shape and seed of the built-in transformer text encoder that
/// <see cref="EncoderModelGenerator"/> writes as an ONNX model. Two equal specs always yield
/// byte-identical models, so <see cref="Fingerprint"/> can name the cached model file.
/// </summary>
internal sealed record EncoderSpec
{
    /// <summary>The spec used when nothing is configured: about 1.9 M parameters, 7.6 MB on disk.</summary>
    public static EncoderSpec Default { get; } = new();

    /// <summary>Number of token ids the embedding table covers; ids must lie in [0, VocabSize).</summary>
    public int VocabSize { get; init; } = 8192;

    /// <summary>Width of the residual stream and of the output embedding.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Number of transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Attention heads per block; must divide <see cref="Hidden"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Inner width of each block's MLP.</summary>
    public int FfnDim { get; init; } = 512;

    /// <summary>Longest sequence the learned position table covers; callers truncate to it.</summary>
    public int MaxPositions { get; init; } = 512;

    /// <summary>Seed of the deterministic weight initialisation.</summary>
    public long Seed { get; init; } = 20261123;

    /// <summary>
    /// Whether weights and compute are float16 (the same weights, rounded), for GPUs; inputs stay int64 and the output is
    /// cast back to float32, so the model's signature is the float32 variant's.
    /// </summary>
    public bool Float16 { get; init; }

    /// <summary>
    /// Short lowercase hex digest (16 chars) of every field plus the generator's format version (the float32 variant's
    /// digest predates <see cref="Float16"/> and is unchanged by it),
    /// so a changed spec or a changed graph layout never reuses a stale cached model file.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var canonical = string.Create(
                CultureInfo.InvariantCulture,
                $"v{EncoderModelGenerator.FormatVersion}|vocab={VocabSize}|hidden={Hidden}|layers={Layers}|heads={Heads}|ffn={FfnDim}|pos={MaxPositions}|seed={Seed}{(Float16 ? "|fp16" : "")}");
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
            return Convert.ToHexStringLower(hash, 0, 8);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> (with <see cref="ArgumentException.ParamName"/> set to
    /// the offending property) when a size is not positive or <see cref="Hidden"/> is not a
    /// multiple of <see cref="Heads"/>.
    /// </summary>
    public void Validate()
    {
        RequirePositive(VocabSize, nameof(VocabSize));
        RequirePositive(Hidden, nameof(Hidden));
        RequirePositive(Layers, nameof(Layers));
        RequirePositive(Heads, nameof(Heads));
        RequirePositive(FfnDim, nameof(FfnDim));
        RequirePositive(MaxPositions, nameof(MaxPositions));
        if (Hidden % Heads != 0)
        {
            // Multi-head attention reshapes [.., Hidden] into [.., Heads, Hidden / Heads].
            throw new ArgumentException(
                $"Hidden ({Hidden}) must be divisible by Heads ({Heads}).", nameof(Hidden));
        }
    }

    /// <summary>
    /// Forward-pass FLOPs for one sequence of <paramref name="sequenceLength"/> tokens, counting a
    /// multiply-add as 2 FLOPs. With S = sequence length, H = <see cref="Hidden"/>,
    /// F = <see cref="FfnDim"/> and L = <see cref="Layers"/>:
    /// <code>
    /// FLOPs = L * (8*S*H^2 + 4*S^2*H + 4*S*H*F)
    /// </code>
    /// where, per block, 8*S*H^2 = Q, K, V and output projections (4 matmuls of [S,H]x[H,H]),
    /// 4*S^2*H = attention scores QK^T plus the probability-weighted sum over V (summed over heads,
    /// each 2*S^2*H), and 4*S*H*F = the two MLP matmuls ([S,H]x[H,F] and [S,F]x[F,H]).
    /// Embedding lookups, biases, layer norms, softmax, the mask and GELU are ignored.
    /// </summary>
    public long EstimateFlops(int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceLength);
        checked
        {
            long s = sequenceLength;
            long h = Hidden;
            long f = FfnDim;
            long perLayer = (8 * s * h * h) + (4 * s * s * h) + (4 * s * h * f);
            return Layers * perLayer;
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be greater than zero but was {value}.", name);
        }
    }
}
