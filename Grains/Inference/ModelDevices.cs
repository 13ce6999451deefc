namespace OrleansAgents.Inference;

/// <summary>One loaded model: a session and batcher per device, and the memory its load took.</summary>
internal sealed class ModelDevices(string model, IReadOnlyList<InferenceBatcher> batchers, long memoryBytes)
{
    private int _next;

    /// <summary>The model's name.</summary>
    public string Model => model;

    /// <summary>One batcher per device, in configuration order.</summary>
    public IReadOnlyList<InferenceBatcher> Batchers => batchers;

    /// <summary>The process working set's growth while the model's sessions were created (approximate).</summary>
    public long MemoryBytes => memoryBytes;

    /// <summary>Requests waiting on every device of the model.</summary>
    public int QueueDepth => Batchers.Sum(b => b.QueueDepth);

    /// <summary>
    /// The batcher of the device the next request should use: the one with the fewest waiting requests, rotating among
    /// equals so that idle devices share the load.
    /// </summary>
    public InferenceBatcher ShortestQueue()
    {
        if (Batchers.Count == 1)
        {
            return Batchers[0];
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)Batchers.Count);
        var best = Batchers[start];
        for (var i = 1; i < Batchers.Count; i++)
        {
            var candidate = Batchers[(start + i) % Batchers.Count];
            if (candidate.QueueDepth < best.QueueDepth)
            {
                best = candidate;
            }
        }

        return best;
    }
}
