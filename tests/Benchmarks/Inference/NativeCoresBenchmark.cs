using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// <c>ort-cores [--model M] [--modes raw,batched] [--seconds N] [--rounds N] [--json FILE]</c>: CPU throughput on the CPU
/// package's native ONNX Runtime core against the GPU package's, in one run. Each round runs the <c>inference</c>
/// benchmark once per core, in a child process bound to that core, alternating the order, so that both see the same
/// machine; the medians over rounds are compared.
/// </summary>
internal static class NativeCoresBenchmark
{
    public static async Task<int> RunAsync(string model, string modes, double seconds, int rounds, string? json)
    {
        var cores = NativeCore.Packaged();
        foreach (var (package, path) in cores)
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"{package}: {path} is missing (restore the benchmarks project: it downloads both packages).");
                return 1;
            }
        }

        Console.WriteLine($"Model {model}, modes {modes}, {seconds:0} s per mode, {rounds} rounds, {Environment.ProcessorCount} cores.");
        var results = cores.Keys.ToDictionary(k => k, _ => new List<JsonObject>());
        var names = cores.Keys.ToArray();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var package in round % 2 == 0 ? names : names.Reverse())
            {
                Console.WriteLine($"round {round + 1}: {package} …");
                results[package].Add(await RunChildAsync(cores[package], model, modes, seconds));
            }
        }

        var modeList = modes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var document = new JsonObject { ["model"] = model, ["rounds"] = rounds, ["secondsPerMode"] = seconds };
        Console.WriteLine();
        Console.WriteLine($"{"mode",-10} {names[0],34} {names[1],38} {"GPU core / CPU core",20}");
        foreach (var mode in modeList)
        {
            var medians = names.Select(n => Median(results[n].Select(r => r[mode]!["requestsPerSecond"]!.GetValue<double>()))).ToArray();
            var ratio = medians[1] / medians[0];
            Console.WriteLine($"{mode,-10} {medians[0],28:0.0} req/s {medians[1],32:0.0} req/s {ratio,20:0.000}");
            document[mode] = new JsonObject
            {
                ["cpuPackageRequestsPerSecond"] = Math.Round(medians[0], 1),
                ["gpuPackageRequestsPerSecond"] = Math.Round(medians[1], 1),
                ["ratio"] = Math.Round(ratio, 4),
                ["rounds"] = new JsonObject(names.Select(n => KeyValuePair.Create(n, (JsonNode?)new JsonArray(
                    [.. results[n].Select(r => (JsonNode?)JsonValue.Create(r[mode]!["requestsPerSecond"]!.GetValue<double>()))])))),
            };
        }

        if (json is not null)
        {
            await File.WriteAllTextAsync(json, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {json}");
        }

        return 0;
    }

    private static async Task<JsonObject> RunChildAsync(string core, string model, string modes, double seconds)
    {
        var output = Path.GetTempFileName();
        try
        {
            var self = typeof(NativeCoresBenchmark).Assembly.Location;
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(self);
            }

            foreach (var argument in (string[])["inference", "--model", model, "--modes", modes, "--seconds", $"{seconds}", "--json", output])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment[NativeCore.Variable] = core;
            using var child = Process.Start(start)!;
            await child.WaitForExitAsync();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException($"the inference benchmark on {core} exited with {child.ExitCode}");
            }

            var result = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
            var loaded = result["nativeCore"]?.GetValue<string>();
            if (loaded != core)
            {
                throw new InvalidOperationException($"the child was to run on {core} but mapped {loaded ?? "no libonnxruntime.so"}");
            }

            return result;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
