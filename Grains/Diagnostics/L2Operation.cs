namespace OrleansAgents.Diagnostics;

/// <summary>An L2 cache operation (the <c>operation</c> tag of <c>cache.l2.bypassed</c>).</summary>
internal enum L2Operation
{
    /// <summary>A read (<c>get</c>).</summary>
    Get,

    /// <summary>A background write (<c>set</c>).</summary>
    Set,

    /// <summary>A removal (<c>remove</c>).</summary>
    Remove,
}
