using System.Text.Json;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>The inference benchmark's results of one model: the table, the ratios between modes, and their JSON.</summary>
internal static class InferenceReport
{
    public static void Print(Dictionary<string, LoadResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"| {"mode",-11} | {"req/s",9} | {"p50 ms",8} | {"p95 ms",8} | {"p99 ms",8} | {"mean batch",10} | {"padding",7} | {"requests",9} | {"CPU µs/req",10} |");
        Console.WriteLine("|-------------|----------:|---------:|---------:|---------:|-----------:|--------:|----------:|-----------:|");
        foreach (var r in results.Values)
        {
            Console.WriteLine($"| {r.Mode,-11} | {r.RequestsPerSecond,9:0} | {r.P50Ms,8:0.00} | {r.P95Ms,8:0.00} | {r.P99Ms,8:0.00} | {r.MeanBatchSize,10:0.0} | {r.PaddingRatio,7:P0} | {r.Requests,9} | {r.CpuUsPerRequest,10:0} |");
        }

        if (results.TryGetValue("per-agent", out var perAgent))
        {
            Console.WriteLine($"per-agent memory: {perAgent.SessionsMb:0} MB for 131 sessions; process working set {perAgent.WorkingSetMb:0} MB");
        }

        if (results.TryGetValue("raw", out var raw))
        {
            Console.WriteLine($"shared memory: {raw.SessionsMb:0} MB for the one shared session");
        }

        foreach (var (name, value) in Ratios(results))
        {
            Console.WriteLine($"{name}: {value:0.00}");
        }
    }

    private static IEnumerable<(string Name, double Value)> Ratios(Dictionary<string, LoadResult> r)
    {
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

    public static string ToJson(Dictionary<string, LoadResult> results)
    {
        var document = new Dictionary<string, object?>();
        foreach (var (mode, r) in results)
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

            document[mode] = entry;
        }

        document["nativeCore"] = NativeCore.Loaded();
        document["ratios"] = Ratios(results).Where(x => !double.IsNaN(x.Value)).ToDictionary(x => x.Name, x => (object?)Math.Round(x.Value, 3));
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
