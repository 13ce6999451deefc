namespace OrleansAgents.Agents;

/// <summary>One label of an agent's answer and its cosine similarity to the request.</summary>
[GenerateSerializer, Immutable, Alias("OrleansAgents.LabelScore")]
public sealed record LabelScore([property: Id(0)] string Label, [property: Id(1)] float Score);
