using System.Net;
using Orleans.Runtime.Placement;
using OrleansAgents.Placement;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Placement;

/// <summary>Silos, capabilities, loads and a placement context for director tests, all in memory.</summary>
internal sealed class FakeCluster : IPlacementContext, ISiloCapabilitiesReader, ISiloLoadSource
{
    public FakeCluster(int silos) => Silos = [.. Enumerable.Range(0, silos).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1))];

    public SiloAddress[] Silos { get; }

    public HashSet<SiloAddress> Gpu { get; } = [];

    public Dictionary<SiloAddress, SiloLoad> Loads { get; } = [];

    /// <summary>The models each silo advertises in its metadata; a silo not listed advertises <see cref="TestPaths.Model"/>.</summary>
    public Dictionary<SiloAddress, string[]> Models { get; } = [];

    public SiloAddress[]? Compatible { get; set; }

    public int Fetches { get; private set; }

    public SemaphoreSlim Fetched { get; } = new(0);

    public SiloAddress LocalSilo => Silos[0];

    public SiloStatus LocalSiloStatus => SiloStatus.Active;

    public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => Compatible ?? Silos;

    public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target)
        => new Dictionary<ushort, SiloAddress[]> { [0] = GetCompatibleSilos(target) };

    public SiloCapabilities Get(SiloAddress silo) => (Gpu.Contains(silo) ? new(["cuda:0"], 1, "gpu") : SiloCapabilities.None) with
    {
        Models = Models.GetValueOrDefault(silo) ?? [TestPaths.Model],
    };

    public Task<IReadOnlyDictionary<SiloAddress, SiloLoad>> FetchAsync(CancellationToken cancellationToken)
    {
        Fetches++;
        IReadOnlyDictionary<SiloAddress, SiloLoad> copy = new Dictionary<SiloAddress, SiloLoad>(Loads);
        Fetched.Release();
        return Task.FromResult(copy);
    }

    public static PlacementTarget Target(string agent, SiloAddress? hint = null) => new(
        GrainId.Create("agent", agent),
        hint is null ? [] : new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = hint },
        GrainInterfaceType.Create("OrleansAgents.IAgentGrain"),
        0);
}
