namespace OrleansAgents.Agents;

/// <summary>
/// What one of an agent's labels means, in words the encoder can match: a short description and a few example requests
/// that deserve the label. When present, the label's vector pools their embeddings with the label's own (see
/// <c>Agents:LabelVectors</c>), which matches natural requests far better than the bare label text.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.LabelDetail")]
public sealed record LabelDetail
{
    /// <summary>The label described; one of the agent's <see cref="AgentDescriptor.Labels"/>.</summary>
    [Id(0)] public required string Label { get; init; }

    /// <summary>One or two sentences saying what a request deserving this label is about.</summary>
    [Id(1)] public string Description { get; init; } = "";

    /// <summary>Example requests for which this label is the right answer.</summary>
    [Id(2)] public string[] Examples { get; init; } = [];
}
