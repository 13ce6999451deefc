using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;

using static OrleansAgents.Benchmarks.BenchmarkHost;

namespace OrleansAgents.Benchmarks;

/// <summary>A started in-process silo running the agents (memory storage, no backends), for the quality benchmarks.</summary>
internal sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchmarkSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IAgentCatalog Catalog => _host.Services.GetRequiredService<IAgentCatalog>();

    /// <summary>Starts a silo serving <paramref name="model"/> with <paramref name="configuration"/> on top of the defaults.</summary>
    public static async Task<BenchmarkSilo> StartAsync(string model, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical); // the figures are the output; a shutdown-time migration error of the last silo is not
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .AddMemoryGrainStorageAsDefault()
            .AddOrleansAgents(configureInference: o =>
            {
                o.CacheDirectory = Path.Combine(Path.GetTempPath(), "orleans-agents-bench");
                o.Model = model;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchmarkSilo(host);
    }

    /// <summary>Embeds <paramref name="text"/> as a request through the silo's shared batcher.</summary>
    public async Task<float[]> EmbedAsync(string text)
        => (await Grains.GetGrain<IInferenceGrain>(InferenceGrain.LocalKey).EmbedAsync(new EmbeddingRequest(text, 5, null, null))).Vector;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
