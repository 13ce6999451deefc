using System.Diagnostics;
using System.Globalization;
using OrleansAgents.Tests.Infrastructure;
using StackExchange.Redis;

namespace OrleansAgents.Tests.Deployment;

/// <summary>
/// A kubelet in a test: the silo published by <c>k8s/image/publish.sh</c> (what the image holds) run exactly as the
/// production overlay's pod runs it (init container, then the silo with the image's ENTRYPOINT and ENV and the
/// container's env), probed on the declared paths, then sent SIGTERM.
/// </summary>
public sealed class PodLifecycleTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("orleans-agents-pod-").FullName;
    private readonly int _redisDatabase = Random.Shared.Next(1, 16);
    private PostgresSchema _db = null!;

    public async Task InitializeAsync() => _db = await TestPostgres.CreateSchemaAsync();

    public async Task DisposeAsync()
    {
        await using (var connection = await TestRedis.ConnectAsync())
        {
            foreach (var table in connection.GetServers().Single().Keys(_redisDatabase, "*members*"))
            {
                await connection.GetDatabase(_redisDatabase).KeyDeleteAsync(table);
            }
        }

        await _db.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Pod_WhenRunAsTheProductionOverlayDeclares_PassesItsProbesAndExitsZeroOnSigtermWithinTheGracePeriod()
    {
        // The image's own publish step: the same script, with the flavour of ONNX Runtime the (CPU) Dockerfile asks for.
        var dockerfile = Path.Combine(TestPaths.RepositoryRoot, "k8s", "image", "Dockerfile");
        Assert.Contains("k8s/image/publish.sh /app Cpu", await File.ReadAllTextAsync(dockerfile));
        var app = Path.Combine(_root, "app");
        var start = ChildCommand.Prepare("bash", TestPaths.RepositoryRoot, [Path.Combine("k8s", "image", "publish.sh"), app, "Cpu"]);
        var (published, log) = await ChildCommand.RunAsync(start, TimeSpan.FromMinutes(10));
        Assert.True(published == 0, log);
        Assert.True(File.Exists(Path.Combine(app, "libonnxruntime.so")), "the CPU image has ONNX Runtime's native core");
        Assert.False(File.Exists(Path.Combine(app, "libonnxruntime_providers_cuda.so")), "the CPU image has no CUDA provider");

        var overlay = await RenderedOverlay.RenderAsync("production");
        var image = ImageConfig.Parse(dockerfile);
        Assert.Equal(["dotnet", $"{image.WorkingDirectory}/OrleansAgents.Silo.dll"], image.Entrypoint);
        var pod = PodFacts.Of(overlay.Silo, $"orleans-agents-{Guid.NewGuid().ToString("N")[..10]}-x7k2p", "127.0.0.1");

        // Secrets from the test's real servers. Redis: a database of its own, so the membership table is this pod's alone.
        var redis = $"{TestRedis.ConnectionString},defaultDatabase={_redisDatabase}";
        var secrets = new Dictionary<string, string> { ["clustering"] = redis, ["redis"] = redis, ["postgres"] = _db.ConnectionString };
        var credentials = new Dictionary<string, string> { ["admin-api-key"] = Guid.NewGuid().ToString("N"), ["scrape-api-key"] = Guid.NewGuid().ToString("N") };
        string Secret(string name, string key) => name switch
        {
            "orleans-agents-connections" => secrets[key],
            "orleans-agents-credentials" => credentials[key],
            _ => throw new InvalidOperationException($"no Secret {name}"),
        };

        // Tests run in parallel on one host: the only change to the manifests is free host ports for the container's ports.
        var ports = overlay.SiloContainer.Ports.ToDictionary(p => p.Name, _ => FreePorts.Next());
        int HostPort(string name) => ports[name];
        var mounts = overlay.PodSpec.Volumes.ToDictionary(v => v.Name, v => Directory.CreateDirectory(Path.Combine(_root, "volumes", v.Name)).FullName);
        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;

        foreach (var init in overlay.PodSpec.InitContainers ?? [])
        {
            await using var initProcess = ContainerProcess.Start(
                init, image, app, ContainerEnvironment.Resolve(overlay, init, pod, Secret), Mounts(init), home);
            Assert.True(await initProcess.WaitForExitAsync(TimeSpan.FromMinutes(2)), $"init container {init.Name} did not finish:{Environment.NewLine}{initProcess.Output}");
            Assert.True(initProcess.ExitCode == 0, $"init container {init.Name} exited {initProcess.ExitCode}:{Environment.NewLine}{initProcess.Output}");
        }

        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'request_log'"));

        var silo = overlay.SiloContainer;
        var environment = ContainerEnvironment.Resolve(overlay, silo, pod, Secret);
        environment["Inference__Model"] = TestPaths.Model; // the manifests name the product default; tests stay fast
        environment["Agents__LabelVectors"] = TestPaths.LabelVectors;
        environment["Agents__WarmUpLabels"] = TestPaths.WarmUpLabels.ToString();
        environment["ASPNETCORE_URLS"] = environment["ASPNETCORE_URLS"].Replace($":{RenderedOverlay.Port(silo, "http")}", $":{HostPort("http")}", StringComparison.Ordinal);
        environment["Management__Urls"] = environment["Management__Urls"].Replace($":{RenderedOverlay.Port(silo, "management")}", $":{HostPort("management")}", StringComparison.Ordinal);
        Assert.Equal(RenderedOverlay.Port(silo, "silo").ToString(CultureInfo.InvariantCulture), environment["Orleans__SiloPort"]);
        Assert.Equal(RenderedOverlay.Port(silo, "gateway").ToString(CultureInfo.InvariantCulture), environment["Orleans__GatewayPort"]);
        environment["Orleans__SiloPort"] = HostPort("silo").ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = HostPort("gateway").ToString(CultureInfo.InvariantCulture);

        await using var container = ContainerProcess.Start(silo, image, app, environment, Mounts(silo), home);
        var startup = silo.StartupProbe;
        var started = await Probe.UntilSuccessAsync(startup, startup.FailureThreshold!.Value, HostPort, container);
        // Readiness has no failure limit (an unready pod just gets no traffic); two minutes more is plenty here.
        await Probe.UntilSuccessAsync(silo.ReadinessProbe, (int)(120 / silo.ReadinessProbe.PeriodSeconds!.Value), HostPort, container);
        await Probe.UntilSuccessAsync(silo.LivenessProbe, 1, HostPort, container);

        // Kubernetes hosting took the silo name from POD_NAME and the advertised address from POD_IP.
        await using (var connection = await TestRedis.ConnectAsync())
        {
            var server = connection.GetServers().Single();
            var table = Assert.Single(server.Keys(_redisDatabase, "*members*"));
            var rows = await connection.GetDatabase(_redisDatabase).HashGetAllAsync(table);
            Assert.Contains(rows, r => r.Name.ToString().StartsWith($"S127.0.0.1:{HostPort("silo")}:", StringComparison.Ordinal) && r.Value.ToString().Contains(pod.Name, StringComparison.Ordinal));
        }

        var grace = TimeSpan.FromSeconds(overlay.PodSpec.TerminationGracePeriodSeconds!.Value);
        var terminating = Stopwatch.GetTimestamp();
        await container.TerminateAsync();
        Assert.True(await container.WaitForExitAsync(grace), $"still running {grace} after SIGTERM: the kubelet would SIGKILL it{Environment.NewLine}{container.Output}");
        var stopped = Stopwatch.GetElapsedTime(terminating);
        Assert.True(container.ExitCode == 0, $"exit code {container.ExitCode}:{Environment.NewLine}{container.Output}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(home)); // a read-only root filesystem would have refused these writes
        Console.WriteLine($"pod: started in {started.TotalSeconds:0.0} s, stopped {stopped.TotalSeconds:0.0} s after SIGTERM (grace {grace.TotalSeconds:0} s)");

        Dictionary<string, string> Mounts(k8s.Models.V1Container c) => (c.VolumeMounts ?? []).ToDictionary(m => m.MountPath, m => mounts[m.Name]);
    }
}
