using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;
using OrleansAgents.Placement;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Placement;

public sealed class AgentPlacementDirectorTests : IDisposable
{
    private static readonly AgentCatalog Catalog = new(Options.Create(new AgentCatalogOptions()));
    private static readonly string[] GpuAgents = [.. Catalog.Agents.Where(a => a.Profile.RequiresGpu).Select(a => a.Name)];
    private static readonly string[] OtherAgents = [.. Catalog.Agents.Where(a => !a.Profile.RequiresGpu).Select(a => a.Name)];
    private readonly FakeCluster _cluster = new(3);
    private readonly PlacementOptions _options = new();
    private readonly TestMeterFactory _meters = new();
    // No agent is active here, so the drain never asks membership where they could go.
    private readonly AgentDrain _drain = new(new LocalAgents(), membership: null!, local: null!, TimeProvider.System, NullLogger<AgentDrain>.Instance);

    public void Dispose() => _meters.Dispose();

    [Fact]
    public async Task OnAddActivation_WhenAgentRequiresGpu_PlacesEveryOneOnTheAcceleratorSilo()
    {
        _cluster.Gpu.Add(_cluster.Silos[2]);
        var director = await CreateAsync();

        foreach (var agent in GpuAgents)
        {
            Assert.Equal(_cluster.Silos[2], await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(agent), _cluster));
        }

        Assert.Equal(20, GpuAgents.Length);
    }

    [Fact]
    public async Task OnAddActivation_WhenLocalSiloIsDrainingAndIdlest_PlacesEveryAgentOnTheOthers()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(0, 0, 0, 0);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(50, 0.5, 100, 20);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(50, 0.5, 100, 20);
        var director = await CreateAsync();
        await _drain.DrainAsync(CancellationToken.None);

        var placed = await PlaceAsync(director, [.. GpuAgents, .. OtherAgents]);

        Assert.Equal(0, placed.GetValueOrDefault(_cluster.LocalSilo));
        Assert.Equal(131, placed.Values.Sum());
    }

    [Fact]
    public async Task OnAddActivation_WhenDrainingSiloIsTheOnlyOne_PlacesOnIt()
    {
        _cluster.Compatible = [_cluster.LocalSilo];
        var director = await CreateAsync();
        await _drain.DrainAsync(CancellationToken.None);

        Assert.Equal(_cluster.LocalSilo, await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(OtherAgents[0]), _cluster));
    }

    [Fact]
    public async Task OnAddActivation_WhenSeveralAcceleratorSilos_ShortestQueueWinsOverLowerCpu()
    {
        _cluster.Gpu.UnionWith([_cluster.Silos[1], _cluster.Silos[2]]);
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(0, 0, 0, 0);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(5, 0.1, 10, 40);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(90, 0.9, 500, 3);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(GpuAgents[0]), _cluster);

        Assert.Equal(_cluster.Silos[2], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenNoAcceleratorAndFallbackCpu_PlacesOnLeastLoadedSilo()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(50, 0.5, 100, 20);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(10, 0.2, 40, 0);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(50, 0.5, 100, 20);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(GpuAgents[0]), _cluster);

        Assert.Equal(_cluster.Silos[1], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenNoAcceleratorAndFallbackFail_ThrowsNamingTheAgent()
    {
        _options.GpuFallback = GpuFallbackMode.Fail;
        var director = await CreateAsync();

        var error = await Assert.ThrowsAsync<AgentPlacementException>(
            () => director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(GpuAgents[0]), _cluster));

        Assert.Equal(GpuAgents[0], error.Agent);
        Assert.Contains($"Agent '{GpuAgents[0]}' requires a GPU, but no silo advertises an accelerator", error.Message);
    }

    [Fact]
    public async Task OnAddActivation_WhenFallbackFailButAgentNeedsNoGpu_PlacesIt()
    {
        _options.GpuFallback = GpuFallbackMode.Fail;
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(OtherAgents[0]), _cluster);

        Assert.Contains(silo, _cluster.Silos);
    }

    [Fact]
    public async Task OnAddActivation_WhenQueueIsDeep_LoadAwareAvoidsThatSilo()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(20, 0.3, 50, 0);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(20, 0.3, 50, 1000);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(20, 0.3, 50, 0);
        var director = await CreateAsync();

        var placed = await PlaceAsync(director, OtherAgents.Take(60));

        Assert.Equal(0, placed.GetValueOrDefault(_cluster.Silos[1]));
        Assert.Equal(30, placed[_cluster.Silos[0]]);
        Assert.Equal(30, placed[_cluster.Silos[2]]);
    }

    [Fact]
    public async Task OnAddActivation_WhenSilosAreEqual_SpreadsABurstEvenlyBetweenRefreshes()
    {
        var director = await CreateAsync();

        var placed = await PlaceAsync(director, OtherAgents.Take(99));

        Assert.All(_cluster.Silos, s => Assert.Equal(33, placed[s]));
    }

    [Fact]
    public async Task OnAddActivation_WhenHintIsCompatible_UsesIt()
    {
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(99, 0.9, 1000, 1000);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(OtherAgents[0], _cluster.Silos[1]), _cluster);

        Assert.Equal(_cluster.Silos[1], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenHintHasNoAcceleratorForGpuAgent_IgnoresIt()
    {
        _cluster.Gpu.Add(_cluster.Silos[2]);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(GpuAgents[0], _cluster.Silos[0]), _cluster);

        Assert.Equal(_cluster.Silos[2], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenNoSiloIsCompatible_ThrowsNamingTheAgent()
    {
        _cluster.Compatible = [];
        var director = await CreateAsync();

        var error = await Assert.ThrowsAsync<AgentPlacementException>(
            () => director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target("semgrep"), _cluster));

        Assert.Equal("semgrep", error.Agent);
        Assert.Equal("Agent 'semgrep' cannot be placed: no active silo in the cluster is compatible with the agent grain.", error.Message);
    }

    [Fact]
    public async Task OnAddActivation_WhenNameIsUnknown_PlacesLoadAware()
    {
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(20, 0.3, 50, 9);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(20, 0.3, 50, 9);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(20, 0.3, 50, 0);
        var director = await CreateAsync();

        Assert.Equal(_cluster.Silos[2], await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target("no-such-agent"), _cluster));
    }

    [Fact]
    public async Task OnAddActivation_WhenOneSiloServesTheModel_PlacesEveryAgentThere()
    {
        ServeFp16Only(_cluster.Silos[0], _cluster.Silos[1]);
        var director = await CreateAsync();

        var placed = await PlaceAsync(director, OtherAgents.Take(30));

        Assert.Equal(30, placed[_cluster.Silos[2]]);
        Assert.Single(placed);
    }

    [Fact]
    public async Task OnAddActivation_WhenAgentHasItsOwnModel_PlacesItOnlyWhereThatModelIsServed()
    {
        ServeFp16Only(_cluster.Silos[1]);
        var director = await CreateAsync(WithModel(OtherAgents[0], NamedModels.BuiltInTinyFp16));

        var placed = await PlaceAsync(director, Enumerable.Repeat(OtherAgents[0], 10));

        Assert.Equal(10, placed[_cluster.Silos[1]]);
        Assert.Single(placed);
    }

    [Fact]
    public async Task OnAddActivation_WhenSnapshotDisagreesWithMetadata_TheSnapshotWins()
    {
        // Metadata (start): only silo 2 serves the default model. Snapshot (now): silo 1 gained it, silo 2 lost it.
        ServeFp16Only(_cluster.Silos[0], _cluster.Silos[1]);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(0, 0, 0, 0) { Models = [TestPaths.Model, NamedModels.BuiltInTinyFp16] };
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(0, 0, 0, 0) { Models = [NamedModels.BuiltInTinyFp16] };
        var director = await CreateAsync();

        var placed = await PlaceAsync(director, OtherAgents.Take(20));

        Assert.Equal(20, placed[_cluster.Silos[1]]);
        Assert.Single(placed);
    }

    [Fact]
    public async Task OnAddActivation_WhenNoSiloServesTheModelAndFallbackLoad_PlacesOnTheLeastLoadedSilo()
    {
        ServeFp16Only(_cluster.Silos);
        _cluster.Loads[_cluster.Silos[0]] = new SiloLoad(50, 0.5, 100, 20);
        _cluster.Loads[_cluster.Silos[1]] = new SiloLoad(10, 0.2, 40, 0);
        _cluster.Loads[_cluster.Silos[2]] = new SiloLoad(50, 0.5, 100, 20);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(OtherAgents[0]), _cluster);

        Assert.Equal(ModelFallbackMode.Load, new PlacementOptions().ModelFallback);
        Assert.Equal(_cluster.Silos[1], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenNoSiloServesTheModelAndFallbackFail_ThrowsNoModelNamingAgentModelAndSilos()
    {
        _options.ModelFallback = ModelFallbackMode.Fail;
        ServeFp16Only(_cluster.Silos);
        var director = await CreateAsync();

        var error = await Assert.ThrowsAsync<AgentPlacementException>(
            () => director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(OtherAgents[0]), _cluster));

        var served = string.Join("; ", _cluster.Silos.Select(s => $"{s} [builtin-tiny-fp16]"));
        Assert.Equal(OtherAgents[0], error.Agent);
        Assert.Equal(AgentErrorCode.Unplaceable, error.Code);
        Assert.Equal(
            $"Agent '{OtherAgents[0]}' uses model 'builtin-tiny', which no silo serves (Inference:Models; silos serve: {served}), and Placement:ModelFallback is 'fail'.",
            error.Message);
    }

    [Fact]
    public async Task OnAddActivation_WhenTheGpuSiloLacksTheModel_PlacesTheGpuAgentWhereTheModelIs()
    {
        _cluster.Gpu.Add(_cluster.Silos[2]);
        ServeFp16Only(_cluster.Silos[0], _cluster.Silos[2]);
        var director = await CreateAsync();

        var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(GpuAgents[0]), _cluster);

        Assert.Equal(_cluster.Silos[1], silo);
    }

    [Fact]
    public async Task OnAddActivation_WhenNameIsUnknownAndModelFallbackFail_PlacesItAnyway()
    {
        _options.ModelFallback = ModelFallbackMode.Fail;
        ServeFp16Only(_cluster.Silos);
        var director = await CreateAsync();

        Assert.Contains(await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target("no-such-agent"), _cluster), _cluster.Silos);
    }

    private void ServeFp16Only(params SiloAddress[] silos)
    {
        foreach (var silo in silos)
        {
            _cluster.Models[silo] = [NamedModels.BuiltInTinyFp16];
        }
    }

    private static AgentCatalog WithModel(string agent, string model) => new(
        [.. Catalog.Agents.Select(a => a.Name == agent ? a with { Profile = a.Profile with { Model = model } } : a)], Catalog.Agents.Count);

    private async Task<Dictionary<SiloAddress, int>> PlaceAsync(AgentPlacementDirector director, IEnumerable<string> agents)
    {
        var placed = new Dictionary<SiloAddress, int>();
        foreach (var agent in agents)
        {
            var silo = await director.OnAddActivation(AgentPlacementStrategy.Singleton, FakeCluster.Target(agent), _cluster);
            placed[silo] = placed.GetValueOrDefault(silo) + 1;
        }

        return placed;
    }

    private async Task<AgentPlacementDirector> CreateAsync(AgentCatalog? catalog = null)
    {
        var snapshot = new SiloLoadSnapshot(_cluster, new FakeTimeProvider(), Options.Create(_options), NullLogger<SiloLoadSnapshot>.Instance);
        await snapshot.RefreshAsync();
        return new AgentPlacementDirector(
            catalog ?? Catalog,
            _cluster,
            snapshot,
            new StaticOptionsMonitor(_options),
            Options.Create(new InferenceOptions { Model = TestPaths.Model }),
            new PlacementInstruments(_meters),
            _drain,
            NullLogger<AgentPlacementDirector>.Instance,
            new Random(42));
    }

    private sealed class StaticOptionsMonitor(PlacementOptions value) : IOptionsMonitor<PlacementOptions>
    {
        public PlacementOptions CurrentValue => value;

        public PlacementOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<PlacementOptions, string?> listener) => null;
    }
}
