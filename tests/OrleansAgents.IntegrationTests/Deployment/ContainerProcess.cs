using System.Collections.Concurrent;
using System.Diagnostics;
using k8s.Models;

namespace OrleansAgents.Tests.Deployment;

/// <summary>
/// One container of a pod run as a local process, the way a kubelet would run it: the image's ENTRYPOINT with the
/// container's args, a clean environment (image ENV, then the container's), emptyDir volumes as fresh folders.
/// </summary>
internal sealed class ContainerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ContainerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the container wrote.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts <paramref name="container"/> of image <paramref name="image"/>, whose files are at <paramref name="imageRoot"/>
    /// (the image's WORKDIR); <paramref name="environment"/> is the resolved container environment, and
    /// <paramref name="mounts"/> maps each mount path to the folder standing in for it.
    /// </summary>
    public static ContainerProcess Start(
        V1Container container, ImageConfig image, string imageRoot, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> mounts, string home)
    {
        string Local(string path)
        {
            if (path == image.WorkingDirectory || path.StartsWith(image.WorkingDirectory + "/", StringComparison.Ordinal))
            {
                return imageRoot + path[image.WorkingDirectory.Length..];
            }

            var mount = mounts.Keys.FirstOrDefault(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal));
            return mount is null ? path : mounts[mount] + path[mount.Length..];
        }

        List<string> command = [.. (IEnumerable<string>?)container.Command ?? image.Entrypoint, .. container.Args ?? []];
        var start = new ProcessStartInfo(command[0] == "dotnet" ? Infrastructure.DotnetCommand.Executable : command[0])
        {
            WorkingDirectory = imageRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(Local(argument));
        }

        var path = Environment.GetEnvironmentVariable("PATH");
        start.Environment.Clear();
        start.Environment["PATH"] = path;
        start.Environment["HOME"] = home; // the image's read-only root: the test checks nothing lands here
        if (mounts.TryGetValue("/tmp", out var tmp))
        {
            start.Environment["TMPDIR"] = tmp;
        }

        foreach (var (name, value) in image.Environment.Concat(environment))
        {
            start.Environment[name] = Local(value);
        }

        var process = new Process { StartInfo = start };
        var result = new ContainerProcess(process);
        process.OutputDataReceived += (_, e) => result.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => result.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits for the process to end, at most <paramref name="limit"/>; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What the kubelet sends first when a pod is deleted (Process.Kill would be SIGKILL).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 300 && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
