namespace OrleansAgents.Caching;

/// <summary>What a semantic-cache hit needs besides the cosine threshold (<c>Caching:SemanticGuard</c>).</summary>
public enum SemanticGuardMode
{
    /// <summary>The default: the request's terms must agree with the cached request's (see the README's semantic cache section).</summary>
    Terms,

    /// <summary>The cosine alone decides: more hits, and near-misses such as negations or other numbers are answered wrongly.</summary>
    None,
}
