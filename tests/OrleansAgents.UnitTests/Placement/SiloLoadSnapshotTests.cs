using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Placement;

namespace OrleansAgents.Tests.Placement;

public sealed class SiloLoadSnapshotTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeCluster _cluster = new(2);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Start_WhenPeriodElapses_RefreshesFromTheSource()
    {
        await using var snapshot = Create(TimeSpan.FromSeconds(2));
        snapshot.Start();
        Assert.True(await _cluster.Fetched.WaitAsync(Bound));
        Assert.Equal(_time.GetUtcNow(), snapshot.RefreshedAt);

        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(10, 0.2, 7, 42);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, _cluster.Fetches);
        Assert.Equal(SiloLoad.Empty, snapshot.Get(_cluster.Silos[1]));

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(await _cluster.Fetched.WaitAsync(Bound));
        await WaitForAsync(() => snapshot.RefreshedAt == _time.GetUtcNow());
        Assert.Equal(2, _cluster.Fetches);
        Assert.Equal(new SiloLoad(10, 0.2, 7, 42), snapshot.Get(_cluster.Silos[1]));
    }

    [Fact]
    public async Task RecordPlacement_CountsAsActivationsUntilTheNextRefresh()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(0, 0, 5, 0);
        await using var snapshot = Create(TimeSpan.FromSeconds(2));
        await snapshot.RefreshAsync();

        snapshot.RecordPlacement(_cluster.Silos[0]);
        snapshot.RecordPlacement(_cluster.Silos[0]);
        snapshot.RecordPlacement(_cluster.Silos[1]);

        Assert.Equal(7, snapshot.Get(_cluster.Silos[0]).ActivationCount);
        Assert.Equal(1, snapshot.Get(_cluster.Silos[1]).ActivationCount);
        await snapshot.RefreshAsync();
        Assert.Equal(5, snapshot.Get(_cluster.Silos[0]).ActivationCount);
        Assert.Equal(0, snapshot.Get(_cluster.Silos[1]).ActivationCount);
    }

    [Fact]
    public async Task RecordPlacement_WhileARefreshReadsTheSilos_StaysCountedUntilTheRefreshAfterIt()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(0, 0, 5, 0);
        var gated = new Gated(_cluster);
        await using var snapshot = new SiloLoadSnapshot(gated, _time, Options.Create(new PlacementOptions()), NullLogger<SiloLoadSnapshot>.Instance);
        await snapshot.RefreshAsync();
        snapshot.RecordPlacement(_cluster.Silos[0]);

        // The silos are read (and answer 5) while two more placements are made: the read cannot have seen them.
        gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refresh = snapshot.RefreshAsync();
        snapshot.RecordPlacement(_cluster.Silos[0]);
        snapshot.RecordPlacement(_cluster.Silos[1]);
        Assert.Equal((7, 1), (snapshot.Get(_cluster.Silos[0]).ActivationCount, snapshot.Get(_cluster.Silos[1]).ActivationCount));
        gated.Gate.SetResult();
        await refresh;

        Assert.Equal((6, 1), (snapshot.Get(_cluster.Silos[0]).ActivationCount, snapshot.Get(_cluster.Silos[1]).ActivationCount));
        gated.Gate = null;
        await snapshot.RefreshAsync();
        Assert.Equal((5, 0), (snapshot.Get(_cluster.Silos[0]).ActivationCount, snapshot.Get(_cluster.Silos[1]).ActivationCount));
    }

    [Fact]
    public async Task AgentInFlight_AfterRefresh_SumsTheAgentsCountsOverSilosAndIsZeroForAnInactiveAgent()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(0, 0, 2, 0) { AgentsInFlight = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 } };
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(0, 0, 1, 0) { AgentsInFlight = new Dictionary<string, int> { ["a"] = 3 } };
        await using var snapshot = Create(TimeSpan.FromSeconds(2));
        Assert.Equal(0, snapshot.AgentInFlight("a"));

        await snapshot.RefreshAsync();

        Assert.Equal((5, 1, 0), (snapshot.AgentInFlight("a"), snapshot.AgentInFlight("b"), snapshot.AgentInFlight("c")));
        _cluster.Loads.Remove(_cluster.Silos[0]);
        await snapshot.RefreshAsync();
        Assert.Equal((3, 0), (snapshot.AgentInFlight("a"), snapshot.AgentInFlight("b")));
    }

    [Fact]
    public async Task RefreshAsync_WhenSourceFails_KeepsThePreviousSnapshot()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(1, 0.1, 3, 4);
        var failing = new FailingAfterFirst(_cluster);
        await using var snapshot = new SiloLoadSnapshot(failing, _time, Options.Create(new PlacementOptions()), NullLogger<SiloLoadSnapshot>.Instance);
        await snapshot.RefreshAsync();

        await snapshot.RefreshAsync();

        Assert.Equal(new SiloLoad(1, 0.1, 3, 4), snapshot.Get(_cluster.Silos[0]));
    }

    private SiloLoadSnapshot Create(TimeSpan period) => new(
        _cluster, _time, Options.Create(new PlacementOptions { LoadRefreshPeriod = period }), NullLogger<SiloLoadSnapshot>.Instance);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private sealed class Gated(ISiloLoadSource inner) : ISiloLoadSource
    {
        public TaskCompletionSource? Gate { get; set; }

        public async Task<IReadOnlyDictionary<SiloAddress, SiloLoad>> FetchAsync(CancellationToken cancellationToken)
        {
            var loads = await inner.FetchAsync(cancellationToken);
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(Bound, cancellationToken);
            }

            return loads;
        }
    }

    private sealed class FailingAfterFirst(ISiloLoadSource inner) : ISiloLoadSource
    {
        private int _calls;

        public Task<IReadOnlyDictionary<SiloAddress, SiloLoad>> FetchAsync(CancellationToken cancellationToken)
            => ++_calls == 1 ? inner.FetchAsync(cancellationToken) : throw new InvalidOperationException("silo gone");
    }
}
