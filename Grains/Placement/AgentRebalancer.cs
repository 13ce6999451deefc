using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using OrleansAgents.Agents;

namespace OrleansAgents.Placement;

/// <summary>
/// Scale-out: placement only decides where an agent starts, so a silo that joins a cluster whose agents are all active
/// would get none. Every <see cref="PlacementOptions.LoadRefreshPeriod"/> each silo compares the agent counts of the
/// <see cref="SiloLoadSnapshot"/>; when the counts held still since the previous refresh, some silo holds under half the
/// mean and this one holds more than the mean + 1, it migrates its excess (agents idle at the moment, never an
/// accelerator-affine one) to the emptiest silo, each taking its state and L1 along (<see cref="AgentDrain"/> describes
/// a move). Every overloaded silo sheds only down to the mean, and no more than the emptiest silo lacks, so together
/// they fill the newcomer without overshooting;
/// after moving it waits two refreshes, for the snapshot to see the result.
/// </summary>
internal sealed partial class AgentRebalancer(
    SiloLoadSnapshot loads,
    LocalAgents agents,
    AgentsInFlight inFlight,
    AgentDrain drain,
    IAgentCatalog catalog,
    ILocalSiloDetails silo,
    IOptions<PlacementOptions> options,
    TimeProvider time,
    ILogger<AgentRebalancer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int CooldownRefreshes = 2;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _cooldown;
    private Dictionary<SiloAddress, int>? _seen;
    private DateTimeOffset? _seenAt;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(AgentRebalancer),
        ServiceLifecycleStage.Active,
        _ =>
        {
            if (options.Value.Rebalance)
            {
                _loop = RunAsync(_stopping.Token);
            }

            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });

    /// <summary>How many agents a silo holding <paramref name="local"/> should move, given every silo's count (its own included).</summary>
    internal static int Excess(int local, IReadOnlyCollection<int> counts)
    {
        if (counts.Count < 2)
        {
            return 0;
        }

        // Down to the mean, but never more than the emptiest silo lacks: a silo below the mean that is not empty keeps
        // its own deficit rather than pushing the newcomer over the mean.
        var mean = (int)Math.Ceiling(counts.Average());
        var emptiest = counts.Min();
        return emptiest < mean / 2.0 && local > mean + 1 ? Math.Min(local - mean, mean - emptiest) : 0;
    }

    /// <summary>Moves this silo's excess agents, if any, to the emptiest silo; returns how many were asked to move.</summary>
    internal int RebalanceOnce()
    {
        if (loads.RefreshedAt == _seenAt)
        {
            return 0;
        }

        // Decided on counts that held still over two refreshes: no agent moving, so every silo sees the same picture
        // and their excesses add up to the newcomer's deficit instead of overshooting it.
        var counts = loads.Silos.ToDictionary(s => s, s => loads.Get(s).AgentCount);
        var settled = _seen is not null && _seen.Count == counts.Count && counts.All(kv => _seen.GetValueOrDefault(kv.Key, -1) == kv.Value);
        (_seen, _seenAt) = (counts, loads.RefreshedAt);
        if (drain.IsDraining || !settled || !counts.TryGetValue(silo.SiloAddress, out var local))
        {
            return 0;
        }

        var excess = Excess(local, counts.Values);
        if (excess == 0)
        {
            return 0;
        }

        var target = counts.MinBy(kv => kv.Value).Key;
        var busy = inFlight.Snapshot();
        var moving = agents.Snapshot()
            .Where(a => a.GrainId.Key.ToString() is { } name && !busy.ContainsKey(name)
                && !(catalog.TryResolve(name, out var agent) && agent.Profile.RequiresGpu))
            .Take(excess)
            .ToArray();
        foreach (var activation in moving)
        {
            // The hint names the target; the placement director honours it as long as the target is compatible.
            activation.Migrate(new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = target });
        }

        LogMoving(logger, moving.Length, local, target);
        return moving.Length;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.LoadRefreshPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_cooldown > 0)
                {
                    _cooldown--;
                }
                else if (RebalanceOnce() > 0)
                {
                    _cooldown = CooldownRefreshes;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing: moving {Count} of this silo's {Local} agents to {Target}")]
    private static partial void LogMoving(ILogger logger, int count, int local, SiloAddress target);
}
