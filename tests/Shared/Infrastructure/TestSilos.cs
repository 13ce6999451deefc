using Microsoft.AspNetCore.Builder;
using OrleansAgents.Silo.Hosting;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>The real silo application on loopback ports of its own, as the tests start it.</summary>
internal static class TestSilos
{
    /// <summary>Creates the silo with free ports, the shared model cache, quiet logs and <paramref name="settings"/> last (they win).</summary>
    public static WebApplication Create(params string[] settings) => SiloApplication.Create(
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Development",
        $"--Orleans:SiloPort={FreePorts.Next()}",
        $"--Orleans:GatewayPort={FreePorts.Next()}",
        $"--Inference:CacheDirectory={TestPaths.ModelCache}",
        "--Logging:LogLevel:Default=Warning",
        .. settings,
    ]);
}
