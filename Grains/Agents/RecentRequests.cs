namespace OrleansAgents.Agents;

/// <summary>
/// The requests an agent activation answered lately, by request id, so that a retry of one (the SDK resends a call
/// it abandoned when a gateway connection dropped, with the same id) joins the answer in progress or gets the answer
/// already given, instead of being answered, counted and logged a second time. Holds at most <see cref="Capacity"/>
/// requests, none older than <see cref="MaxAge"/>; a request that failed is forgotten, so its retry runs again. Only the
/// very same request (every field equal: text, user, tenant, sensitivity, …) is a retry: an id reused for another request
/// is refused, so no caller can read another's answer by naming its id. Used on the grain's scheduler only: not
/// thread-safe.
/// </summary>
internal sealed class RecentRequests(TimeProvider time)
{
    internal const int Capacity = 1024;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (AgentRequest Request, Task<AgentResponse> Answer)> _answers = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    public int Count => _answers.Count;

    /// <summary>
    /// The answer to <paramref name="request"/> (by its id), in progress or given, unless that request failed or is
    /// forgotten.
    /// </summary>
    /// <exception cref="Errors.InvalidAgentRequestException">The id was used for a different request
    /// (<see cref="Errors.AgentErrorCode.RequestIdConflict"/>).</exception>
    public bool TryGet(AgentRequest request, out Task<AgentResponse> answer)
    {
        Expire();
        var id = request.RequestId!;
        if (_answers.TryGetValue(id, out var recent) && !(recent.Answer.IsFaulted || recent.Answer.IsCanceled))
        {
            if (recent.Request != request)
            {
                throw new Errors.InvalidAgentRequestException(
                    "requestId",
                    $"Request id '{id}' was used within the last {MaxAge.TotalSeconds:0} s for a different request; a retry must resend the same request, a new request needs a new id.",
                    Errors.AgentErrorCode.RequestIdConflict);
            }

            answer = recent.Answer;
            return true;
        }

        _answers.Remove(id);
        answer = null!;
        return false;
    }

    /// <summary>Remembers <paramref name="answer"/> as the answer to <paramref name="request"/> (which has an id).</summary>
    public void Add(AgentRequest request, Task<AgentResponse> answer)
    {
        var id = request.RequestId!;
        Expire();
        while (_answers.Count >= Capacity && _order.TryDequeue(out var oldest))
        {
            _answers.Remove(oldest.Id);
        }

        _answers[id] = (request, answer);
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
