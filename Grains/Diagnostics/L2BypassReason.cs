namespace OrleansAgents.Diagnostics;

/// <summary>Why an L2 operation was skipped (the <c>reason</c> tag of <c>cache.l2.bypassed</c>).</summary>
internal enum L2BypassReason
{
    /// <summary>The circuit breaker is open (<c>circuit-open</c>).</summary>
    CircuitOpen,

    /// <summary>The operation took longer than <c>Caching:L2Timeout</c> (<c>timeout</c>).</summary>
    Timeout,

    /// <summary>The stored value could not be decoded (<c>corrupt-value</c>).</summary>
    CorruptValue,

    /// <summary>Any other failure (<c>error</c>).</summary>
    Error,
}
