using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Gpu;

/// <summary>
/// Runs the GPU harness's local path once (<c>tests/Gpu/gpu-bench.sh local</c>): a self-contained linux-x64 publish of
/// the benchmarks in the default (GPU) ONNX Runtime flavour, trimmed, compressed (zstd -1 instead of the device's xz -6,
/// for time), split into chunks, each received as a device call would carry it, reassembled, verified, unpacked and run
/// on <c>cpu</c> with half-second modes.
/// </summary>
public sealed class GpuHarnessFixture : IAsyncLifetime
{
    /// <summary>The device tool's limit on what one call carries, the working tree included.</summary>
    public const long CallLimitBytes = 64L * 1024 * 1024;

    /// <summary>The chunk size the harness packs by default.</summary>
    public const long ChunkBytes = 56L * 1024 * 1024;

    /// <summary>A temp folder outside the repository, deleted afterwards.</summary>
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), $"orleans-agents-gpu-{Guid.NewGuid():N}");

    /// <summary>The harness's exit code.</summary>
    public int Exit { get; private set; }

    /// <summary>Everything the harness printed.</summary>
    public string Output { get; private set; } = "";

    /// <summary>The run's output folder, as <c>$OUT</c> on the device.</summary>
    public string Out => Path.Combine(WorkDirectory, "out");

    /// <summary>The chunks and manifest, as <c>pack</c> leaves them in <c>tests/Gpu/.carry</c>.</summary>
    public string Carry => Path.Combine(WorkDirectory, "carry");

    /// <summary>Runs <c>bash tests/Gpu/gpu-bench.sh</c> with <paramref name="arguments"/> from the repository root.</summary>
    public static Task<(int Exit, string Output)> HarnessAsync(TimeSpan limit, params string[] arguments)
    {
        var start = ChildCommand.Prepare("bash", TestPaths.RepositoryRoot, [Path.Combine("tests", "Gpu", "gpu-bench.sh"), .. arguments]);
        // The harness runs `dotnet`: the one running the tests, wherever it is.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet)
        {
            start.Environment["PATH"] = Path.GetDirectoryName(dotnet) + Path.PathSeparator + start.Environment["PATH"];
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        return ChildCommand.RunAsync(start, limit);
    }

    public async Task InitializeAsync()
        => (Exit, Output) = await HarnessAsync(TimeSpan.FromMinutes(6), "local", "--work", WorkDirectory, "--seconds", "0.5");

    public Task DisposeAsync()
    {
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
