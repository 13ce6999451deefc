namespace OrleansAgents.Inference;

/// <summary>Model token ids of one text, special tokens included.</summary>
internal readonly record struct TokenizedText(int[] Ids, bool Truncated);
