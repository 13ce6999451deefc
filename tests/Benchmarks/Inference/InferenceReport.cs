using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// The figures of one <c>inference</c> run and how they are printed and written. Without the GPU-harness options the
/// JSON is the CPU benchmark's: one entry per mode and the ratios; with them it also carries the device, model, execution
/// provider, batch size, throughput per mode, the MaxBatchSize sweep and the open-loop latency.
/// </summary>
/// <param name="settings">What the run measures.</param>
/// <param name="executionProvider">The provider a session on the device got (empty when not probed).</param>
internal sealed class InferenceReport(InferenceSettings settings, string executionProvider)
{
    /// <summary>The provider a session on the device got.</summary>
    public string ExecutionProvider => executionProvider;

    /// <summary>Each mode's figures, in run order.</summary>
    public Dictionary<string, LoadResult> Results { get; } = [];

    /// <summary>The batched mode's figures at each swept MaxBatchSize, with the callers used.</summary>
    public List<(int Size, int Callers, LoadResult Result)> Sweep { get; } = [];

    /// <summary>The batch size of the modes: the sweep's best, else the default.</summary>
    public int MaxBatchSize { get; set; } = new OrleansAgents.Inference.InferenceOptions().MaxBatchSize;

    /// <summary>The open-loop phase after the batched mode, if one ran.</summary>
    public OpenLoopResult? OpenLoop { get; set; }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"| {"mode",-11} | {"req/s",9} | {"p50 ms",8} | {"p95 ms",8} | {"p99 ms",8} | {"mean batch",10} | {"padding",7} | {"requests",9} | {"CPU µs/req",10} |");
        Console.WriteLine("|-------------|----------:|---------:|---------:|---------:|-----------:|--------:|----------:|-----------:|");
        foreach (var r in Sweep.Select(s => s.Result).Concat(Results.Values))
        {
            Console.WriteLine($"| {r.Mode,-11} | {r.RequestsPerSecond,9:0} | {r.P50Ms,8:0.00} | {r.P95Ms,8:0.00} | {r.P99Ms,8:0.00} | {r.MeanBatchSize,10:0.0} | {r.PaddingRatio,7:P0} | {r.Requests,9} | {r.CpuUsPerRequest,10:0} |");
        }

        if (Results.TryGetValue("per-agent", out var perAgent))
        {
            Console.WriteLine($"per-agent memory: {perAgent.SessionsMb:0} MB for 131 sessions; process working set {perAgent.WorkingSetMb:0} MB");
        }

        if (Results.TryGetValue("raw", out var raw))
        {
            Console.WriteLine($"shared memory: {raw.SessionsMb:0} MB for the one shared session");
        }

        foreach (var (name, value) in Ratios())
        {
            Console.WriteLine($"{name}: {value:0.00}");
        }

        if (OpenLoop is { } open)
        {
            Console.WriteLine($"open loop at {open.LoadFraction:P0} of {open.PeakRequestsPerSecond:0} req/s: p50 {open.P50Ms:0.00} ms, p95 {open.P95Ms:0.00} ms, " +
                              $"p99 {open.P99Ms:0.00} ms, {open.Failed} failed");
        }
    }

    public string ToJson()
    {
        var document = new Dictionary<string, object?>();
        if (settings.Extended)
        {
            document["device"] = settings.EffectiveDevice;
            document["model"] = settings.Model;
            document["executionProvider"] = executionProvider;
            document["availableProviders"] = OrtEnv.Instance().GetAvailableProviders();
            document["processorCount"] = Environment.ProcessorCount;
            document["seconds"] = settings.Seconds;
            document["maxBatchSize"] = MaxBatchSize;
            document["callers"] = settings.CallersFor(MaxBatchSize);
            document["throughput"] = Results.ToDictionary(r => r.Key, r => (object?)Math.Round(r.Value.RequestsPerSecond, 1));
        }

        foreach (var (mode, r) in Results)
        {
            document[mode] = Entry(r);
        }

        document["nativeCore"] = NativeCore.Loaded();
        document["ratios"] = Ratios().Where(x => !double.IsNaN(x.Value)).ToDictionary(x => x.Name, x => (object?)Math.Round(x.Value, 3));
        if (Sweep.Count > 0)
        {
            var best = Sweep.MaxBy(s => s.Result.RequestsPerSecond);
            document["batchSizeSweep"] = new Dictionary<string, object?>
            {
                ["sizes"] = Sweep.Select(s => new Dictionary<string, object?>
                {
                    ["maxBatchSize"] = s.Size,
                    ["callers"] = s.Callers,
                    ["requestsPerSecond"] = Math.Round(s.Result.RequestsPerSecond, 1),
                    ["p95Ms"] = Math.Round(s.Result.P95Ms, 3),
                    ["meanBatchSize"] = Math.Round(s.Result.MeanBatchSize, 2),
                }).ToArray(),
                ["bestMaxBatchSize"] = best.Size,
                ["bestRequestsPerSecond"] = Math.Round(best.Result.RequestsPerSecond, 1),
            };
        }

        if (OpenLoop is { } open)
        {
            document["openLoop"] = new Dictionary<string, object?>
            {
                ["loadFraction"] = open.LoadFraction,
                ["peakRequestsPerSecond"] = Math.Round(open.PeakRequestsPerSecond, 1),
                ["targetRequestsPerSecond"] = Math.Round(open.TargetRequestsPerSecond, 1),
                ["sentRequestsPerSecond"] = Math.Round(open.SentRequestsPerSecond, 1),
                ["p50Ms"] = Math.Round(open.P50Ms, 3),
                ["p95Ms"] = Math.Round(open.P95Ms, 3),
                ["p99Ms"] = Math.Round(open.P99Ms, 3),
                ["requests"] = open.Requests,
                ["failed"] = open.Failed,
            };
        }

        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static Dictionary<string, object?> Entry(LoadResult r)
    {
        var entry = new Dictionary<string, object?>
        {
            ["requestsPerSecond"] = Math.Round(r.RequestsPerSecond, 1),
            ["p50Ms"] = Math.Round(r.P50Ms, 3),
            ["p95Ms"] = Math.Round(r.P95Ms, 3),
            ["p99Ms"] = Math.Round(r.P99Ms, 3),
            ["meanBatchSize"] = Math.Round(r.MeanBatchSize, 2),
            ["paddingRatio"] = Math.Round(r.PaddingRatio, 4),
        };
        if (r.CpuUsPerRequest is { } cpuUs)
        {
            entry["cpuUsPerRequest"] = Math.Round(cpuUs, 1);
        }

        if (r.WorkingSetMb is { } ws)
        {
            entry["workingSetMb"] = Math.Round(ws, 1);
            entry["sessionsMb"] = Math.Round(r.SessionsMb ?? 0, 1);
        }

        return entry;
    }

    private IEnumerable<(string Name, double Value)> Ratios()
    {
        var r = Results;
        double Rps(string mode) => r.TryGetValue(mode, out var x) ? x.RequestsPerSecond : double.NaN;
        yield return ("batchedOverUnbatched", Rps("batched") / Rps("unbatched"));
        yield return ("batchedOverRaw", Rps("batched") / Rps("raw"));
        yield return ("sharedOverPerAgent", Rps("batched") / Rps("per-agent"));
        yield return ("concurrent2OverBatched", Rps("batched-c2") / Rps("batched"));
        yield return ("rawGainBatchOverB1", Rps("raw") / Rps("raw-b1"));
        yield return ("batchedGainOverUnbatchedOverRawGain", Rps("batched") / Rps("unbatched") / (Rps("raw") / Rps("raw-b1")));
        double P50(string mode) => r.TryGetValue(mode, out var x) ? x.P50Ms : double.NaN;
        yield return ("singleP50MinusRawB1P50Ms", P50("single") - P50("raw-b1"));
        double Cpu(string mode) => r.TryGetValue(mode, out var x) && x.CpuUsPerRequest is { } us ? us : double.NaN;
        yield return ("batchedCpuUsMinusRaw", Cpu("batched") - Cpu("raw"));
    }
}
