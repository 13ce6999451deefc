using System.Diagnostics;
using OrleansAgents.Agents;

namespace OrleansAgents.Diagnostics;

/// <summary>
/// The <c>OrleansAgents</c> activity source and its spans, started and ended through methods named for what happened;
/// each costs nothing but a listener check while no tracer provider listens. Times come from the caller's
/// <see cref="TimeProvider"/>, so a span's duration agrees with the metrics measured on the same clock.
/// </summary>
internal static class AgentsActivitySource
{
    public static readonly ActivitySource Source = new(TraceNames.ActivitySource, TraceNames.ActivitySourceVersion);

    /// <summary>Whether any tracer provider listens (so that callers skip gathering what a span would carry).</summary>
    public static bool IsListened => Source.HasListeners();

    /// <summary>Starts the span of one agent request, a child of the current span (the grain call's).</summary>
    public static Activity? StartInvoke(string agent, AgentTier tier, DateTimeOffset started)
    {
        var activity = Source.StartActivity(TraceNames.AgentInvoke, ActivityKind.Internal, parentContext: default, startTime: started);
        activity?.SetTag(TraceNames.AgentTag, agent).SetTag(TraceNames.TierTag, tier.ToTag());
        return activity;
    }

    /// <summary>Tags the request's outcome and, when it was answered, the layer that answered it; ends the span.</summary>
    public static void OnInvokeFinished(this Activity? activity, RequestOutcome outcome, CacheLayer? layer, bool coalesced, DateTimeOffset ended)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TraceNames.OutcomeTag, outcome.ToTag());
        if (layer is { } answered)
        {
            activity.SetTag(TraceNames.CacheLayerTag, answered.ToTraceTag());
        }

        if (coalesced)
        {
            activity.SetTag(TraceNames.CacheCoalescedTag, true);
        }

        if (outcome != RequestOutcome.Ok)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome.ToTag());
        }

        activity.End(ended);
    }

    /// <summary>
    /// Records a request's wait in the inference queue, from <paramref name="enqueued"/> to <paramref name="left"/>, as a
    /// child of <paramref name="request"/> (the span that queued it); <paramref name="rejected"/> names why it never ran.
    /// </summary>
    public static void OnQueueLeft(ActivityContext request, string device, DateTimeOffset enqueued, DateTimeOffset left, RejectionReason? rejected = null)
    {
        using var activity = Source.StartActivity(TraceNames.InferenceQueue, ActivityKind.Internal, request, startTime: enqueued);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TraceNames.DeviceTag, device);
        if (rejected is { } reason)
        {
            activity.SetTag(TraceNames.RejectionTag, reason.ToTag()).SetStatus(ActivityStatusCode.Error, reason.ToTag());
        }

        activity.SetEndTime(left.UtcDateTime);
    }

    /// <summary>
    /// Starts the span of one model run, linked to the span of every request in it. It is a child of the first request's
    /// span, so that a request's trace reads through to the run that answered it; the other requests reach it by link.
    /// </summary>
    public static Activity? StartBatch(string device, IReadOnlyList<ActivityContext> requests, DateTimeOffset started)
    {
        var parent = default(ActivityContext);
        var links = new List<ActivityLink>(requests.Count);
        foreach (var request in requests)
        {
            if (request == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = request;
            }

            links.Add(new ActivityLink(request));
        }

        var activity = Source.StartActivity(TraceNames.InferenceBatch, ActivityKind.Internal, parent, links: links, startTime: started);
        activity?.SetTag(TraceNames.DeviceTag, device).SetTag(TraceNames.BatchSizeTag, requests.Count);
        return activity;
    }

    /// <summary>Ends a span at <paramref name="ended"/>, marked failed with <paramref name="error"/>'s message when given.</summary>
    public static void End(this Activity? activity, DateTimeOffset ended, Exception? error = null)
    {
        if (activity is null || activity.IsStopped)
        {
            return;
        }

        if (error is not null)
        {
            activity.AddException(error).SetStatus(ActivityStatusCode.Error, error.Message);
        }

        activity.SetEndTime(ended.UtcDateTime);
        activity.Dispose();
    }

    private static string ToTraceTag(this CacheLayer layer) => layer switch
    {
        CacheLayer.None => "none",
        CacheLayer.L1 => "l1",
        CacheLayer.L2 => "l2",
        CacheLayer.Semantic => "semantic",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };
}
