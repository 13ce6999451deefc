namespace OrleansAgents.Tests.Deployment;

/// <summary>Every overlay rendered once for a test class.</summary>
public sealed class RenderedOverlays : IAsyncLifetime
{
    private readonly Dictionary<string, RenderedOverlay> _overlays = [];

    internal RenderedOverlay this[string name] => _overlays[name];

    public async Task InitializeAsync()
    {
        foreach (var name in RenderedOverlay.Names)
        {
            _overlays[name] = await RenderedOverlay.RenderAsync(name);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
