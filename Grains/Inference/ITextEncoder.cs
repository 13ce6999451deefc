namespace OrleansAgents.Inference;

/// <summary>Turns text into the model's token ids, truncated to a maximum length.</summary>
internal interface ITextEncoder
{
    /// <summary>Tokenizes <paramref name="text"/> into at most <paramref name="maxTokens"/> ids.</summary>
    TokenizedText Encode(string text, int maxTokens);
}
