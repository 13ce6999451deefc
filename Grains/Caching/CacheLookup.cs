using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Caching;

/// <summary>The outcome of a cached request: the answer, which layer gave it, and the inference that computed it, if any.</summary>
internal sealed record CacheLookup(CachedAnswer Answer, CacheLayer Layer, EmbeddingResult? Embedding, float? Similarity = null, bool Coalesced = false);
