namespace OrleansAgents.Caching;

/// <summary>An L1 entry as one activation hands it to the next (<see cref="L1Cache.Export"/>, <see cref="L1Cache.Restore"/>).</summary>
internal sealed record L1Entry(string Key, CachedAnswer Answer, DateTimeOffset Created, DateTimeOffset Expires, bool Protected);
