namespace OrleansAgents.Diagnostics;

/// <summary>Why an inference request was not run (the <c>reason</c> tag of <c>inference.rejected</c>).</summary>
internal enum RejectionReason
{
    /// <summary>The device's queue was full (<c>queue-full</c>).</summary>
    QueueFull,

    /// <summary>Its deadline passed before its batch ran (<c>deadline</c>).</summary>
    Deadline,

    /// <summary>Its caller cancelled it while it waited (<c>cancelled</c>).</summary>
    Cancelled,

    /// <summary>Its tenant already held its share of the device's queue (<c>tenant-share</c>).</summary>
    TenantShare,
}
