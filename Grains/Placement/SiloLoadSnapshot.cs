using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Placement;

/// <summary>
/// The cluster's load as this silo last saw it, refreshed every <see cref="PlacementOptions.LoadRefreshPeriod"/> from an
/// <see cref="ISiloLoadSource"/>, so that a placement reads memory only. Placements made since the last refresh are
/// counted as activations of their silo, so a burst of placements spreads instead of piling onto the silo that looked
/// idlest at the last refresh; placements made while a refresh is reading the silos stay counted after it, since the
/// silos it read may not have seen them. It also carries every agent's requests in flight, summed over the silos, for routers.
/// </summary>
internal sealed partial class SiloLoadSnapshot(
    ISiloLoadSource source,
    TimeProvider time,
    IOptions<PlacementOptions> options,
    ILogger<SiloLoadSnapshot> logger) : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    // Placements since the running (or last) fetch began, and those made before it began, which that fetch will see.
    private volatile ConcurrentDictionary<SiloAddress, int> _placedSinceFetch = new();
    private volatile ConcurrentDictionary<SiloAddress, int> _placedBeforeFetch = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile IReadOnlyDictionary<SiloAddress, SiloLoad> _loads = new Dictionary<SiloAddress, SiloLoad>();
    private volatile IReadOnlyDictionary<string, int> _agentsInFlight = SiloLoad.NoAgentsInFlight;
    private Task? _loop;

    /// <summary>When the snapshot was last refreshed; null before the first refresh.</summary>
    public DateTimeOffset? RefreshedAt { get; private set; }

    /// <summary>The silos in the snapshot.</summary>
    public IReadOnlyCollection<SiloAddress> Silos => _loads.Keys.ToArray();

    /// <summary>The load of <paramref name="silo"/>, with this silo's placements since the refresh as activations.</summary>
    public SiloLoad Get(SiloAddress silo)
    {
        var load = _loads.GetValueOrDefault(silo) ?? SiloLoad.Empty;
        var placed = _placedBeforeFetch.GetValueOrDefault(silo) + _placedSinceFetch.GetValueOrDefault(silo);
        return placed > 0 ? load with { ActivationCount = load.ActivationCount + placed } : load;
    }

    /// <summary>
    /// Requests in flight in <paramref name="agent"/> (canonical name) at the last refresh, over all silos; 0 for an agent
    /// that is not active. Reading it calls nothing, so it never activates the agent nor keeps it active.
    /// </summary>
    public int AgentInFlight(string agent) => _agentsInFlight.GetValueOrDefault(agent);

    /// <summary>Counts an activation just placed on <paramref name="silo"/> until the next refresh sees it.</summary>
    public void RecordPlacement(SiloAddress silo) => _placedSinceFetch.AddOrUpdate(silo, 1, (_, n) => n + 1);

    /// <summary>Reads every silo's load now; on failure the previous snapshot stays.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // What was placed until now is counted until this fetch lands; what is placed from now on, until the next one.
        Merge(Interlocked.Exchange(ref _placedSinceFetch, new()), into: _placedBeforeFetch);
        try
        {
            var loads = await source.FetchAsync(cancellationToken);
            _loads = loads;
            _placedBeforeFetch = new();
            // Normally one activation per agent; during a handover two can briefly coexist, and both are busy.
            _agentsInFlight = loads.Values
                .SelectMany(l => l.AgentsInFlight)
                .GroupBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
            RefreshedAt = time.GetUtcNow();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    private static void Merge(ConcurrentDictionary<SiloAddress, int> placed, ConcurrentDictionary<SiloAddress, int> into)
    {
        foreach (var (silo, count) in placed)
        {
            into.AddOrUpdate(silo, count, (_, n) => n + count);
        }
    }

    /// <summary>Refreshes now and then every period until disposed.</summary>
    public void Start() => _loop ??= RunAsync(_stopping.Token);

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(SiloLoadSnapshot),
        ServiceLifecycleStage.Active,
        _ =>
        {
            Start();
            return Task.CompletedTask;
        },
        async _ => await DisposeAsync());

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Created before the first await, so a (fake) clock advanced right after Start is seen.
        using var timer = new PeriodicTimer(options.Value.LoadRefreshPeriod, time);
        try
        {
            do
            {
                await RefreshAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
