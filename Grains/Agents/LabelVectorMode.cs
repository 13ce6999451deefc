namespace OrleansAgents.Agents;

/// <summary>How an agent's label vectors are built (<c>Agents:LabelVectors</c>).</summary>
public enum LabelVectorMode
{
    /// <summary>
    /// The default: each label's vector pools the embeddings of the label, its description and its example requests
    /// (<see cref="LabelDetail"/>); a label without details falls back to <see cref="Names"/>.
    /// </summary>
    Described,

    /// <summary>Each label's vector is the embedding of the bare label text (the behaviour before label details).</summary>
    Names,
}
