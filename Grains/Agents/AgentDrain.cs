using Microsoft.Extensions.Logging;

namespace OrleansAgents.Agents;

/// <summary>
/// Graceful scale-in: when the silo stops, its agents migrate to the other silos instead of being dropped. Runs as the
/// silo leaves the Active stage, after Orleans has told its clients to stop sending through this gateway and while it
/// marks the silo ShuttingDown in membership, before the catalog deactivates whatever is left. Each agent finishes the
/// requests it is running, writes its state, and hands state (with its ETag) and L1 to its new activation, which
/// placement picks among the other silos (<see cref="IsDraining"/> takes this one out). Requests that arrive meanwhile
/// wait at the old activation and are forwarded to the new one, so no caller sees the move. The last silo of a cluster
/// has nowhere to send them: its agents simply deactivate with it (their state is already stored).
/// </summary>
internal sealed partial class AgentDrain(
    LocalAgents agents, IClusterMembershipService membership, ILocalSiloDetails local, TimeProvider time, ILogger<AgentDrain> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _draining;

    /// <summary>True once the silo started stopping: placement must not choose it any more.</summary>
    public bool IsDraining => _draining;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(AgentDrain), ServiceLifecycleStage.BecomeActive, _ => Task.CompletedTask, DrainAsync);

    /// <summary>Migrates every agent active here and waits until they are gone (or <paramref name="cancellationToken"/> fires).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var started = time.GetTimestamp();
        var leaving = agents.Snapshot();
        var nowhereToGo = leaving.Length > 0
            && !membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(local.SiloAddress));
        if (nowhereToGo)
        {
            // Deactivated now, while the storage they write their state to is still up (the embedded default's memory
            // storage is a grain of this very silo), rather than by the catalog once it is gone.
            LogNowhereToGo(logger, leaving.Length);
        }

        foreach (var activation in leaving)
        {
            if (nowhereToGo)
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping and no other silo can take the agent."), cancellationToken);
            }
            else
            {
                activation.Migrate(requestContext: null, cancellationToken);
            }
        }

        try
        {
            await Task.WhenAll(leaving.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
            if (!nowhereToGo)
            {
                LogDrained(logger, leaving.Length, time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of shutdown time: the catalog deactivates what is left.
            LogDrainCut(logger, agents.Count, leaving.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained: {Count} agents migrated in {ElapsedMs:0} ms")]
    private static partial void LogDrained(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "No other active silo: {Count} agents deactivate here instead of migrating")]
    private static partial void LogNowhereToGo(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown time ran out with {Left} of {Count} agents still migrating")]
    private static partial void LogDrainCut(ILogger logger, int left, int count);
}
