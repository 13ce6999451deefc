using System.Collections.Concurrent;
using OrleansAgents.Agents;

namespace OrleansAgents.Inference;

/// <summary>
/// The silo's label embeddings, computed once per model and label text through the model's shared batchers and shared
/// by every agent activation: an agent's labels are embedded with the agent's model (<see cref="AgentProfile.Model"/>),
/// as its requests are, so a label vector is only ever compared with a request vector of the same model. Labels are embedded as documents: without the model's
/// query prefix. Concurrent callers await the same computation; a failed one is forgotten so the next caller retries.
/// </summary>
internal sealed class LabelEmbeddings(InferenceDevices devices)
{
    /// <summary>
    /// Label texts in the inference queue at once. A cold silo under a burst activates many agents together, each with
    /// some 40 label texts (name, description, examples): unbounded, they would fill the queue (and answer requests with
    /// 503) before a single request got in. Two full batches keep the device busy and batching.
    /// </summary>
    internal const int MaxInFlight = 64;

    private readonly ConcurrentDictionary<(string Model, string Text), Lazy<Task<float[]>>> _vectors = new();
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private int _computed;

    /// <summary>How many label texts were sent to the model (for tests and diagnostics).</summary>
    public int ComputedCount => Volatile.Read(ref _computed);

    /// <summary>
    /// The vector of each of <paramref name="agent"/>'s labels, in order, built as <paramref name="mode"/> says
    /// (<see cref="LabelPrototypes"/>) with the agent's model: every text is embedded once per silo and model, all issued
    /// together so new ones share batches.
    /// </summary>
    /// <param name="agent">The agent whose labels (and label details) are embedded.</param>
    /// <param name="mode">Whether label details are pooled in.</param>
    /// <param name="priority">The priority new texts are embedded at.</param>
    public async Task<float[][]> GetAsync(AgentDescriptor agent, LabelVectorMode mode, int priority)
    {
        var prototypes = LabelPrototypes.For(agent, mode);
        var vectors = await GetAsync([.. prototypes.SelectMany(p => p.Select(t => t.Text))], priority, agent.Profile.Model).ConfigureAwait(false);
        var result = new float[prototypes.Length][];
        var next = 0;
        for (var i = 0; i < prototypes.Length; i++)
        {
            var count = prototypes[i].Length;
            result[i] = LabelPrototypes.Pool(new ArraySegment<float[]>(vectors, next, count), [.. prototypes[i].Select(t => t.Weight)]);
            next += count;
        }

        return result;
    }

    /// <summary>Whether this silo has <paramref name="model"/> loaded (null: the default model).</summary>
    public bool Serves(string? model) => devices.Models.Contains(model ?? devices.DefaultModel, StringComparer.OrdinalIgnoreCase);

    /// <summary>The vectors of <paramref name="labels"/>, in order; issued together, new labels share batches.</summary>
    /// <param name="labels">Label texts.</param>
    /// <param name="priority">The priority new labels are embedded at.</param>
    /// <param name="model">The model; default: the silo's default model.</param>
    public async Task<float[][]> GetAsync(IReadOnlyList<string> labels, int priority, string? model = null)
    {
        var name = model is { Length: > 0 } ? NamedModels.Canonical(model) : devices.DefaultModel;
        var tasks = new Task<float[]>[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            tasks[i] = Get((name, labels[i]), priority);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private Task<float[]> Get((string Model, string Text) label, int priority)
    {
        var lazy = _vectors.GetOrAdd(label, key => new Lazy<Task<float[]>>(() => ComputeAsync(key, priority)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _vectors.TryRemove(KeyValuePair.Create(label, lazy));
        }

        return task;
    }

    private async Task<float[]> ComputeAsync((string Model, string Text) label, int priority)
    {
        Interlocked.Increment(ref _computed);
        await _inFlight.WaitAsync().ConfigureAwait(false);
        try
        {
            var model = await devices.ForAsync(label.Model).ConfigureAwait(false);
            var result = await model.ShortestQueue()
                .EnqueueAsync(label.Text, priority, deadline: null, tenant: null, CancellationToken.None, document: true)
                .ConfigureAwait(false);
            return result.Vector;
        }
        catch
        {
            _vectors.TryRemove(label, out _);
            throw;
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
