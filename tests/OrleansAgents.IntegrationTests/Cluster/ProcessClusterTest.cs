namespace OrleansAgents.Tests.Cluster;

/// <summary>A test class owning a <see cref="ProcessCluster"/> of <paramref name="silos"/> silos started with <paramref name="settings"/>.</summary>
public abstract class ProcessClusterTest(int silos, params string[] settings) : IAsyncLifetime
{
    private ProcessCluster? _cluster;

    internal ProcessCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => _cluster = await ProcessCluster.StartAsync(silos, settings);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }
}
