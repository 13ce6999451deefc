using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Inference;

namespace OrleansAgents.Agents;

/// <summary>
/// Embeds every agent's label texts in the background as soon as the models are loaded (<c>Agents:WarmUpLabels</c>),
/// so that the first request to an agent does not wait for its ~40 label texts: on a fresh silo hit on every agent at
/// once that wait was the p95 (seconds with a trained model on a small CPU). Readiness waits for it (<see cref="IsWarm"/>),
/// so Kubernetes sends a new pod traffic only once it answers at full speed. Label texts go through the shared batcher
/// like any others (at most <see cref="LabelEmbeddings.MaxInFlight"/> at a time, so requests that arrive meanwhile are
/// not refused), and an agent asked first simply shares the computation already under way.
/// </summary>
internal sealed partial class LabelWarmUp(
    IAgentCatalog catalog, LabelEmbeddings labels, IOptions<AgentCatalogOptions> options, TimeProvider time, ILogger<LabelWarmUp> logger)
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private volatile bool _warm;

    /// <summary>True once every agent's label vectors are computed, or when warm-up is off.</summary>
    public bool IsWarm => _warm || !options.Value.WarmUpLabels;

    /// <summary>Starts embedding in the background; returns at once.</summary>
    public void Start()
    {
        if (options.Value.WarmUpLabels)
        {
            _running = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>Stops the warm-up (the silo is stopping) and waits for it to end.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            // Agents one after the other, the more important first: each one's texts are issued together and batch. Agents
            // of a model this silo does not serve are placed elsewhere: warming them would load their model here.
            foreach (var agent in catalog.Agents.Where(a => labels.Serves(a.Profile.Model)).OrderByDescending(a => a.Profile.Priority))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await labels.GetAsync(agent, options.Value.LabelVectors, agent.Profile.Priority).WaitAsync(cancellationToken);
            }

            _warm = true;
            LogWarm(logger, catalog.Agents.Count, labels.ComputedCount, time.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception ex)
        {
            // Agents embed their labels on first use anyway; only readiness stays false, which is the signal.
            LogWarmUpFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Label vectors of {Agents} agents ready ({Texts} texts embedded) in {Seconds:0.0} s")]
    private static partial void LogWarm(ILogger logger, int agents, int texts, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding the agents' labels at start failed; agents will embed them on first use")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
