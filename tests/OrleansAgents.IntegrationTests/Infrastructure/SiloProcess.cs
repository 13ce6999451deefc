using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>
/// A silo as production runs it: <c>dotnet OrleansAgents.Silo.dll</c> in a process of its own, on loopback ports of its
/// own. Its console output is kept (last lines) so that a failing test can say what the silo said.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<string, int> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _watchedLines = new();
    private string? _previous;

    private SiloProcess(Process process, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public int HttpPort { get; }

    /// <summary>The admin key every test silo process accepts (production profiles require authentication); <see cref="Http"/> sends it.</summary>
    public static string AdminKey { get; } = Guid.NewGuid().ToString("N");

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the silo wrote.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the silo built next to the tests with <paramref name="settings"/> as command-line configuration.</summary>
    public static SiloProcess Start(params string[] settings)
    {
        var (http, silo, gateway) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansAgents.Silo.dll"));
        foreach (var setting in (string[])
        [
            $"--urls=http://127.0.0.1:{http}",
            $"--Management:Urls=http://127.0.0.1:{FreePorts.Next()}",
            $"--Security:ApiKeys:0={AdminKey}",
            $"--Orleans:SiloPort={silo}",
            $"--Orleans:GatewayPort={gateway}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--Inference:CacheDirectory={TestPaths.ModelCache}",
            $"--Inference:Model={TestPaths.Model}",
            $"--Agents:LabelVectors={TestPaths.LabelVectors}",
            $"--Agents:WarmUpLabels={TestPaths.WarmUpLabels}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:OrleansAgents=Warning",
            "--Logging:Console:FormatterName=simple",
            .. settings,
        ])
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        var process = new Process { StartInfo = start };
        var result = new SiloProcess(process, http, silo, gateway);
        process.OutputDataReceived += (_, e) => result.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => result.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Polls <c>/health/ready</c> until the silo is ready; fails with its output if it exits or takes longer than <paramref name="limit"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on port {SiloPort} exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                if (await Http.GetStringAsync("/health/ready") == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Silo on port {SiloPort} was not ready within {limit}:{Environment.NewLine}{Output}");
    }

    /// <summary>Counts, from now on, the lines the silo writes that contain <paramref name="fragment"/> (<see cref="LinesSeen"/>).</summary>
    public void Watch(string fragment) => _watched.TryAdd(fragment, 0);

    /// <summary>How many lines containing <paramref name="fragment"/> the silo wrote since <see cref="Watch"/>.</summary>
    public int LinesSeen(string fragment) => _watched.GetValueOrDefault(fragment);

    /// <summary>The first lines (each after the line before it) that contained a watched fragment.</summary>
    public string WatchedLines => string.Join(Environment.NewLine, _watchedLines);

    /// <summary>SIGTERM, as Kubernetes sends at scale-in: the host stops gracefully, within <c>HostOptions:ShutdownTimeout</c>.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code; throws <see cref="TimeoutException"/> after <paramref name="limit"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Silo on port {SiloPort} still running after {limit}:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, sockets are reset, membership still lists the silo.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        foreach (var fragment in _watched.Keys)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                _watched.AddOrUpdate(fragment, 1, static (_, n) => n + 1);
                if (_watchedLines.Count < 10)
                {
                    _watchedLines.Enqueue($"{_previous}{Environment.NewLine}{line}");
                }
            }
        }

        _previous = line;

        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
