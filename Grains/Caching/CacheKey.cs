namespace OrleansAgents.Caching;

/// <summary>
/// The cache identity of a request: <see cref="Value"/> keys L1 and L2; <see cref="Scope"/> is the isolation scope in
/// which the semantic cache may match (the same key without the text hash).
/// </summary>
internal readonly record struct CacheKey(string Value, string Scope);
