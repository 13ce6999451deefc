namespace OrleansAgents.Agents;

/// <summary>An agent's answer: its top labels with scores, where the answer came from and the timings.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.AgentResponse")]
public sealed record AgentResponse
{
    /// <summary>The request's id (generated when the request had none).</summary>
    [Id(0)] public required string RequestId { get; init; }

    /// <summary>Canonical name of the agent that answered.</summary>
    [Id(1)] public required string Agent { get; init; }

    /// <summary>Top labels, best first.</summary>
    [Id(2)] public required LabelScore[] Labels { get; init; }

    /// <summary>Where the answer came from.</summary>
    [Id(3)] public CacheLayer CacheLayer { get; init; }

    /// <summary>Queue, inference and total time.</summary>
    [Id(4)] public required AgentTimings Timings { get; init; }

    /// <summary>Size of the inference batch the request ran in (0 when served from a cache).</summary>
    [Id(5)] public int BatchSize { get; init; }

    /// <summary>Number of model tokens the text used.</summary>
    [Id(6)] public int TokenCount { get; init; }

    /// <summary>Non-fatal notes, e.g. that the text was truncated.</summary>
    [Id(7)] public string[] Warnings { get; init; } = [];

    /// <summary>Whether this request joined an identical request already in flight instead of running its own.</summary>
    [Id(8)] public bool Coalesced { get; init; }

    /// <summary>For a semantic-cache answer, the cosine similarity to the cached request it reuses.</summary>
    [Id(9)] public float? Similarity { get; init; }
}
