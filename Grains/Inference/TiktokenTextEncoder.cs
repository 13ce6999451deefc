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

    /// <summary>
    /// Characters encoded per token asked for: only a prefix of <c>maxTokens × 32</c> characters is tokenized. BPE's
    /// cost grows with the square of a word's length, so a 60 KB text without a space cost seconds of CPU for its
    /// first 128 tokens; 32 characters per token is far more than real text needs (about 4), so the tokens do not change.
    /// </summary>
    internal const int MaxCharsPerToken = 32;

    public TokenizedText Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var clipped = Clip(text, (long)maxTokens * MaxCharsPerToken);
        var lowered = clipped.ToLowerInvariant();
        var ids = Cl100k.Value.EncodeToIds(lowered, maxTokens - 2, out var normalized, out var consumed);
        var result = new int[ids.Count + 2];
        result[0] = ClsId;
        for (var i = 0; i < ids.Count; i++)
        {
            result[i + 1] = MapId(ids[i]);
        }

        result[^1] = SepId;
        return new TokenizedText(result, clipped.Length < text.Length || consumed < (normalized ?? lowered).Length);
    }

    /// <summary>At most <paramref name="limit"/> characters of <paramref name="text"/>, never ending inside a surrogate pair.</summary>
    internal static string Clip(string text, long limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var length = (int)limit;
        return text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
    }

    /// <summary>Folds a cl100k id into [3, vocabSize).</summary>
    internal int MapId(int tiktokenId) => FirstWordId + (int)((uint)tiktokenId % (uint)(vocabSize - FirstWordId));
}
