using System.Numerics.Tensors;

namespace OrleansAgents.Caching;

/// <summary>
/// Answers of one agent indexed by request embedding. A lookup matches only within the same isolation scope (agent,
/// model, generation, user tier, sensitivity and, for private requests, tenant and user), at cosine similarity ≥ the
/// threshold and, when both requests carry their <see cref="SemanticTerms"/>, only if those agree; the best match wins. Bounded: the oldest entry goes first; entries older than the agent's TTL no longer
/// match. Linear scan: a few hundred 128-float dot products per lookup.
/// </summary>
internal sealed class SemanticCache(int maxEntries, TimeSpan ttl, TimeProvider time)
{
    private readonly LinkedList<Entry> _entries = new();

    public int Count => _entries.Count;

    public bool TryFind(string scope, ReadOnlySpan<float> embedding, double threshold, out CachedAnswer answer, out float similarity, string[]? terms = null)
    {
        answer = null!;
        similarity = 0;
        var oldest = time.GetUtcNow() - ttl;
        foreach (var entry in _entries)
        {
            if (entry.Created <= oldest)
            {
                break; // newest first: everything after this is older still
            }

            // The scope carries the model; the length check keeps vectors of different widths apart whatever the scope says.
            if (!string.Equals(entry.Scope, scope, StringComparison.Ordinal) || entry.Embedding.Length != embedding.Length)
            {
                continue;
            }

            var cosine = TensorPrimitives.Dot(embedding, entry.Embedding);
            if (cosine >= threshold && cosine > similarity && (terms is null || entry.Terms is null || SemanticTerms.Agree(entry.Terms, terms)))
            {
                (answer, similarity) = (entry.Answer, cosine);
            }
        }

        return answer is not null;
    }

    public void Add(string key, string scope, float[] embedding, CachedAnswer answer, string[]? terms = null)
    {
        _entries.AddFirst(new Entry(key, scope, embedding, answer, time.GetUtcNow(), terms));
        if (_entries.Count > maxEntries)
        {
            _entries.RemoveLast();
        }
    }

    public bool Remove(string key)
    {
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Key == key)
            {
                _entries.Remove(node);
                return true;
            }
        }

        return false;
    }

    public void Clear() => _entries.Clear();

    private sealed record Entry(string Key, string Scope, float[] Embedding, CachedAnswer Answer, DateTimeOffset Created, string[]? Terms);
}
