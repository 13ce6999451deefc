using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;
using OrleansAgents.Placement;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Placement;

/// <summary>
/// Three real in-process silos serving different models (<c>Inference:Models</c>): Silo_0 and Silo_1 the default
/// <c>builtin-tiny</c>, Silo_2 only <c>builtin-tiny-fp16</c>. A copy of the catalog gives 40 agents the fp16 model and
/// one a model no silo serves; <c>Placement:ModelFallback=fail</c>.
/// </summary>
public sealed class ModelPlacementClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Fp16 = NamedModels.BuiltInTinyFp16;
    private const string Unserved = NamedModels.MiniLmInt8;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _catalogPath = Path.Combine(Path.GetTempPath(), $"orleans-agents-models-{Guid.NewGuid():N}.json");
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        WriteCatalog();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((silo, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agents:CatalogPath"] = _catalogPath,
            ["Inference:Models:0:Name"] = silo.SiloName == "Silo_2" ? Fp16 : TestPaths.Model,
            ["Placement:ModelFallback"] = "fail",
            ["Placement:LoadRefreshPeriod"] = "00:00:00.250",
            // One process: CPU and memory readings are noise here (see PlacementClusterTests).
            ["Placement:CpuWeight"] = "0",
            ["Placement:MemoryWeight"] = "0",
        }));
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorageAsDefault()
            .AddOrleansAgents(
                configureAgents: TestPaths.PinAgents,
                configureInference: o => (o.CacheDirectory, o.Model) = (TestPaths.ModelCache, TestPaths.Model)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        File.Delete(_catalogPath);
    }

    [Fact]
    public async Task Agents_OnSilosWithDifferentModels_LandWhereTheirModelIsAndFollowAReload()
    {
        var silos = _cluster.Silos.ToArray();
        var (tinySilo, otherTinySilo, fp16Silo) = (Address(silos, "Silo_0"), Address(silos, "Silo_1"), Address(silos, "Silo_2"));
        await WaitForAsync(() => silos.All(s => silos.All(t => Snapshot(s).Get(t.SiloAddress).Models is not null)));
        var catalog = silos[0].ServiceProvider.GetRequiredService<IAgentCatalog>().Agents;
        var fp16 = catalog.Where(a => a.Profile.Model == Fp16).Select(a => a.Name).ToArray();
        var tiny = catalog.Where(a => a.Profile.Model is null).Select(a => a.Name).ToArray();

        // Before the reload: fp16 agents only on Silo_2, default-model agents only on Silo_0 and Silo_1.
        var first = await ActivateAsync([.. fp16[..20], .. tiny[..10]]);
        Assert.All(fp16[..20], agent => Assert.Equal(fp16Silo, first[agent]));
        Assert.All(tiny[..10], agent => Assert.Contains(first[agent], new[] { tinySilo, otherTinySilo }));

        // The one agent whose model no silo serves fails with the typed error.
        var unserved = catalog.Single(a => a.Profile.Model == Unserved).Name;
        var error = await Assert.ThrowsAsync<AgentPlacementException>(() => _cluster.Client.GetGrain<IAgentGrain>(unserved).GetActivationAsync());
        Assert.Equal(AgentErrorCode.Unplaceable, error.Code);
        Assert.StartsWith($"Agent '{unserved}' uses model '{Unserved}', which no silo serves (Inference:Models; silos serve: ", error.Message);

        // Silo_0 gains the fp16 model by configuration reload: it loads it, advertises it, and receives fp16 agents.
        var gaining = silos.Single(s => s.Name == "Silo_0");
        var configuration = (IConfigurationRoot)gaining.ServiceProvider.GetRequiredService<IConfiguration>();
        configuration["Inference:Models:1:Name"] = Fp16;
        configuration.Reload();
        await WaitForAsync(() => silos.All(s => Snapshot(s).Get(gaining.SiloAddress).Models?.Contains(Fp16) == true));
        var later = await ActivateAsync(fp16[20..]);
        var rest = await ActivateAsync(tiny[10..]);

        var landed = fp16[20..].GroupBy(a => later[a]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"fp16 agents after the reload: {string.Join(", ", landed.Select(l => $"{l.Key}={l.Value}"))}");
        Assert.Equal(20, landed.GetValueOrDefault(tinySilo) + landed.GetValueOrDefault(fp16Silo));
        Assert.True(landed.GetValueOrDefault(tinySilo) > 0, "no fp16 agent landed on the silo that gained the model");
        Assert.All(tiny[10..], agent => Assert.NotEqual(fp16Silo, rest[agent]));

        // Each model answers end to end where it is served.
        foreach (var agent in new[] { fp16[0], fp16[^1], tiny[0] })
        {
            var response = await _cluster.Client.GetGrain<IAgentGrain>(agent).InvokeAsync(new AgentRequest { Text = "the build failed on main" });
            Assert.NotEmpty(response.Labels);
        }
    }

    private void WriteCatalog()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "Grains", "Agents", "catalog.json")))!;
        var agents = document["agents"]!.AsArray();
        for (var i = 0; i < 41; i++)
        {
            agents[i * 3]!["profile"]!["model"] = i < 40 ? Fp16 : Unserved;
        }

        File.WriteAllText(_catalogPath, document.ToJsonString());
    }

    private async Task<Dictionary<string, string>> ActivateAsync(IEnumerable<string> agents)
    {
        var activations = await Task.WhenAll(agents.Select(a => _cluster.Client.GetGrain<IAgentGrain>(a).GetActivationAsync()));
        return activations.ToDictionary(a => a.Agent, a => a.Silo);
    }

    private static string Address(InProcessSiloHandle[] silos, string name) => silos.Single(s => s.Name == name).SiloAddress.ToString();

    private static SiloLoadSnapshot Snapshot(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<SiloLoadSnapshot>();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
