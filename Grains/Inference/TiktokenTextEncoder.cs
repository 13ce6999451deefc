using Microsoft.ML.Tokenizers;

namespace OrleansAgents.Inference;

/// <summary>
/// Tokenizer of the built-in encoder: cl100k_base (Tiktoken) ids folded into the model's smaller vocabulary.
/// Text is lower-cased first so that "SQL" and "sql" share tokens, as an uncased BERT vocabulary would.
/// </summary>
internal sealed class TiktokenTextEncoder(int vocabSize) : ITextEncoder
{
    public const int PadId = 0;
    public const int ClsId = 1;
    public const int SepId = 2;
    private const int FirstWordId = 3;

    // Loading the BPE ranks takes ~100 ms and they are immutable: share one instance per process.
    private static readonly Lazy<TiktokenTokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForModel("gpt-4"));

    public TokenizedText Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var lowered = text.ToLowerInvariant();
        var ids = Cl100k.Value.EncodeToIds(lowered, maxTokens - 2, out var normalized, out var consumed);
        var result = new int[ids.Count + 2];
        result[0] = ClsId;
        for (var i = 0; i < ids.Count; i++)
        {
            result[i + 1] = MapId(ids[i]);
        }

        result[^1] = SepId;
        return new TokenizedText(result, consumed < (normalized ?? lowered).Length);
    }

    /// <summary>Folds a cl100k id into [3, vocabSize).</summary>
    internal int MapId(int tiktokenId) => FirstWordId + (int)((uint)tiktokenId % (uint)(vocabSize - FirstWordId));
}
