using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Silo.Security;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>The real silo application on loopback ports of its own, as the tests start it.</summary>
internal static class TestSilos
{
    /// <summary>Creates the silo with free ports, the shared model cache, quiet logs and <paramref name="settings"/> last (they win).</summary>
    public static WebApplication Create(params string[] settings) => Create(configureServices: null, settings);

    /// <summary>As <see cref="Create(string[])"/>, with <paramref name="configureServices"/> run last before the host is built.</summary>
    public static WebApplication Create(Action<IServiceCollection>? configureServices, params string[] settings) => SiloApplication.Create(
    [
        "--urls=http://127.0.0.1:0",
        $"--Management:Urls=http://127.0.0.1:{FreePorts.Next()}",
        "--environment=Development",
        $"--Orleans:SiloPort={FreePorts.Next()}",
        $"--Orleans:GatewayPort={FreePorts.Next()}",
        $"--Inference:CacheDirectory={TestPaths.ModelCache}",
        $"--Inference:Model={TestPaths.Model}",
        $"--Agents:LabelVectors={TestPaths.LabelVectors}",
        $"--Agents:WarmUpLabels={TestPaths.WarmUpLabels}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:OrleansAgents=Warning",
        .. settings,
    ], configureServices);

    /// <summary>The started silo's public (API) address.</summary>
    public static string PublicUrl(WebApplication app)
    {
        var management = ManagementPort(app);
        return app.Urls.Single(u => new Uri(u).Port != management);
    }

    /// <summary>The started silo's management address (dashboard, <c>/metrics</c>).</summary>
    public static string ManagementUrl(WebApplication app) => $"http://127.0.0.1:{ManagementPort(app)}";

    private static int ManagementPort(WebApplication app) => app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports.Single();
}
