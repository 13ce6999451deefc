using OrleansAgents.Agents;

namespace OrleansAgents.Caching;

/// <summary>
/// A cached answer: every label of the agent ranked (so any topK can be served from it), the token count and warnings
/// of the original request, and its serialized size, which is what the L1 budget counts.
/// </summary>
internal sealed record CachedAnswer(LabelScore[] Labels, int TokenCount, string[] Warnings)
{
    /// <summary>Bytes of the serialized form (see <see cref="CachedAnswerCodec"/>).</summary>
    public int SerializedBytes { get; init; }
}
