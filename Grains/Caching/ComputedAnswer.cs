using OrleansAgents.Inference;

namespace OrleansAgents.Caching;

/// <summary>
/// A freshly computed answer, as the agent hands it to its <see cref="AgentCache"/>: the request text's embedding, and
/// the deferred scoring of that embedding against the agent's labels. The cache decides with the embedding first (the
/// semantic cache looks for a near neighbour) and calls <see cref="ScoreAsync"/> only on a miss, so a semantic hit never
/// pays for scoring, nor waits for the agent's label embeddings.
/// </summary>
/// <param name="Embedding">The embedding of the request text.</param>
/// <param name="ScoreAsync">Scores <paramref name="Embedding"/> against the agent's labels.</param>
internal sealed record ComputedAnswer(string Text, EmbeddingResult Embedding, Func<Task<CachedAnswer>> ScoreAsync);
