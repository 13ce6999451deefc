using Microsoft.ML.Tokenizers;

namespace OrleansAgents.Inference;

/// <summary>WordPiece tokenizer for a user-supplied model's <c>vocab.txt</c>; adds [CLS] and [SEP].</summary>
internal sealed class BertTextEncoder(BertTokenizer tokenizer) : ITextEncoder
{
    public TokenizedText Encode(string text, int maxTokens)
    {
        var ids = tokenizer.EncodeToIds(text, maxTokens, addSpecialTokens: true, out var normalized, out var consumed);
        return new TokenizedText([.. ids], consumed < (normalized ?? text).Length);
    }
}
