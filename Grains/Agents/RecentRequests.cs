namespace OrleansAgents.Agents;

/// <summary>
/// The requests an agent activation answered lately, by request id, so that a retry of one (the SDK resends a call
/// it abandoned when a gateway connection dropped, with the same id) joins the answer in progress or gets the answer
/// already given, instead of being answered, counted and logged a second time. Holds at most <see cref="Capacity"/>
/// requests, none older than <see cref="MaxAge"/>; a request that failed is forgotten, so its retry runs again. Used on
/// the grain's scheduler only: not thread-safe.
/// </summary>
internal sealed class RecentRequests(TimeProvider time)
{
    internal const int Capacity = 1024;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Task<AgentResponse>> _answers = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    public int Count => _answers.Count;

    /// <summary>The answer to <paramref name="id"/>, in progress or given, unless the request failed or is forgotten.</summary>
    public bool TryGet(string id, out Task<AgentResponse> answer)
    {
        Expire();
        if (_answers.TryGetValue(id, out answer!) && !(answer.IsFaulted || answer.IsCanceled))
        {
            return true;
        }

        _answers.Remove(id);
        return false;
    }

    /// <summary>Remembers <paramref name="answer"/> as the answer to <paramref name="id"/>.</summary>
    public void Add(string id, Task<AgentResponse> answer)
    {
        Expire();
        while (_answers.Count >= Capacity && _order.TryDequeue(out var oldest))
        {
            _answers.Remove(oldest.Id);
        }

        _answers[id] = answer;
        _order.Enqueue((id, time.GetUtcNow()));
    }

    private void Expire()
    {
        var cutoff = time.GetUtcNow() - MaxAge;
        while (_order.TryPeek(out var oldest) && oldest.At <= cutoff)
        {
            _order.Dequeue();
            _answers.Remove(oldest.Id);
        }
    }
}
