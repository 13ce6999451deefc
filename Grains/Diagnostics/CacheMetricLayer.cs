namespace OrleansAgents.Diagnostics;

/// <summary>The cache layer a hit or miss is counted for (the <c>layer</c> tag).</summary>
internal enum CacheMetricLayer
{
    /// <summary>The agent's in-grain cache (<c>l1</c>).</summary>
    L1,

    /// <summary>The shared distributed cache (<c>l2</c>).</summary>
    L2,

    /// <summary>The semantic (nearest embedding) cache (<c>semantic</c>).</summary>
    Semantic,

    /// <summary>An identical request already in flight (<c>coalesced</c>).</summary>
    Coalesced,
}
