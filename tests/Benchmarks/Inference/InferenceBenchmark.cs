using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;
using OrleansAgents.Inference.Model;

using static OrleansAgents.Benchmarks.BenchmarkHost;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// <c>inference [--model M]… [--device cpu|cuda:N] [--json FILE] [--seconds N] [--callers N] [--bucket-tokens N] [--modes …]
/// [--batch-sizes 32,64,…] [--load-fraction F]</c>: the same
/// model and request texts through raw ONNX Runtime (full batches, and one text at a time), the grains unbatched,
/// batched and one caller at a time, and the per-agent design; with the process CPU time each request cost. With more
/// than one model (e.g. <c>--model all-MiniLM-L6-v2 --model all-MiniLM-L6-v2-int8</c>), each later model's throughput
/// per mode is also given as a ratio to the first's, and the JSON holds one report per model.
/// </summary>
internal static class InferenceBenchmark
{
    private const int TextPool = 4096;

    /// <summary>Every mode, in the order they run by default.</summary>
    public const string AllModes = "raw,raw-fifo,raw-b1,unbatched,batched,batched-c2,single,per-agent";

    public static async Task<int> RunAsync(IReadOnlyList<string> models, InferenceSettings settings)
    {
        // One process-wide ONNX Runtime environment with a global thread pool, which the per-agent sessions share.
        var envOptions = new EnvironmentCreationOptions
        {
            logId = "bench",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            threadOptions = new OrtThreadingOptions { GlobalIntraOpNumThreads = Environment.ProcessorCount, GlobalSpinControl = false },
        };
        OrtEnv.CreateInstanceWithOptions(ref envOptions);

        var reports = new Dictionary<string, InferenceReport>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            reports[model] = await RunModelAsync(settings with { Model = model });
            reports[model].Print();
        }

        foreach (var model in models.Skip(1))
        {
            // The same modes of another model (e.g. its int8 variant) against the first: > 1 is faster.
            var ratios = settings.Modes.Select(m => $"{m} {reports[model].Results[m].RequestsPerSecond / reports[models[0]].Results[m].RequestsPerSecond:0.00}x");
            Console.WriteLine($"throughput {model} / {models[0]}: {string.Join(", ", ratios)}");
        }

        if (settings.Json is { } json)
        {
            await File.WriteAllTextAsync(json, models.Count == 1
                ? reports[models[0]].ToJson()
                : "{" + string.Join(",", reports.Select(r => $"\"{r.Key}\": {r.Value.ToJson()}")) + "}");
            Console.WriteLine($"wrote {json}");
        }

        return 0;
    }

    private static async Task<InferenceReport> RunModelAsync(InferenceSettings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var (model, device) = (settings.Model, settings.EffectiveDevice);
        var cache = Path.Combine(Path.GetTempPath(), "orleans-agents-bench");
        var texts = BenchmarkTexts.Create(TextPool);
        var spec = EncoderSpec.Default;
        var report = new InferenceReport(settings, settings.Extended ? Probe(model, cache, device) : "");
        var batch = new InferenceOptions().MaxBatchSize;
        Console.WriteLine((model == NamedModels.BuiltInTiny
                              ? $"Built-in encoder: hidden {spec.Hidden}, {spec.Layers} blocks, {spec.EstimateFlops(32) / 1e6:0.0} MFLOPs per 32-token request; "
                              : $"Model {model}; ") +
                          $"{settings.CallersFor(batch)} callers, {settings.Seconds:0} s per mode, {Environment.ProcessorCount} cores" +
                          (settings.Extended ? $", device {device} ({report.ExecutionProvider})." : "."));
        using var metrics = new BatchMetrics();
        foreach (var size in settings.BatchSizes ?? [])
        {
            Console.WriteLine($"running batched at MaxBatchSize {size} …");
            var callers = settings.CallersFor(size);
            report.Sweep.Add((size, callers, await GrainsAsync($"batched-{size}", settings, cache, texts, duration, callers, metrics, o => o.MaxBatchSize = size)));
        }

        if (report.Sweep.Count > 0)
        {
            batch = report.Sweep.MaxBy(x => x.Result.RequestsPerSecond).Size;
            report.MaxBatchSize = batch;
            Console.WriteLine($"best MaxBatchSize: {batch}");
        }

        var many = settings.CallersFor(batch);
        var results = report.Results;
        foreach (var mode in settings.Modes)
        {
            Console.WriteLine($"running {mode} …");
            Action<OpenLoopResult>? openLoop = settings.LoadFraction is null ? null : r => report.OpenLoop = r;
            results[mode] = mode switch
            {
                "raw" => await RawAsync(mode, model, cache, texts, duration, device, sorted: true, batch),
                "raw-fifo" => await RawAsync(mode, model, cache, texts, duration, device, sorted: false, batch),
                "raw-b1" => await RawAsync(mode, model, cache, texts, duration, device, sorted: false, batchSize: 1),
                "unbatched" => await GrainsAsync(mode, settings, cache, texts, duration, many, metrics, o => o.MaxBatchSize = 1),
                "batched" => await GrainsAsync(mode, settings, cache, texts, duration, many, metrics, o => o.MaxBatchSize = batch, openLoop),
                "batched-c2" => await GrainsAsync(mode, settings, cache, texts, duration, many, metrics, o => (o.MaxBatchSize, o.MaxConcurrentBatches) = (batch, 2)),
                "single" => await GrainsAsync(mode, settings, cache, texts, duration, 1, metrics, o => o.MaxBatchSize = batch),
                "single-d0" => await GrainsAsync(mode, settings, cache, texts, duration, 1, metrics, o => (o.MaxBatchSize, o.MaxQueueDelay) = (batch, TimeSpan.Zero)),
                "per-agent" => await PerAgentAsync(model, cache, texts, duration, device, many, metrics),
                _ => throw new ArgumentException($"Unknown mode '{mode}'."),
            };
        }

        return report;
    }

    /// <summary>The execution provider a session on <paramref name="device"/> gets: fails here, before any mode, if it cannot load.</summary>
    private static string Probe(string modelName, string cache, string device)
    {
        using var model = new EmbeddingModelFactory(Options.Create(new InferenceOptions { Model = modelName, CacheDirectory = cache })).Create(device);
        return model.ExecutionProvider;
    }

    private static async Task<LoadResult> RawAsync(
        string mode, string modelName, string cache, string[] texts, TimeSpan duration, string device, bool sorted, int batchSize)
    {
        var options = new InferenceOptions { Model = modelName, CacheDirectory = cache };
        var before = WorkingSetMb();
        using var model = new EmbeddingModelFactory(Options.Create(options)).Create(device);
        // raw, the machine's limit: full batches of similar length (the pool sorted by token count), so padding is minimal.
        // raw-fifo: full batches in arrival order, as a batcher without length grouping would form them.
        var tokens = texts.Select(t => model.Encoder.Encode(t, options.MaxSequenceLength)).ToArray();
        var batch = batchSize;
        if (sorted)
        {
            // Batches of neighbours in length, visited in a seeded random order: a slow model that gets through only part
            // of the pool in the measured time still sees the pool's mix of lengths, not just its shortest texts.
            var order = new Random(7);
            tokens = [.. tokens.OrderBy(t => t.Ids.Length).Chunk(batch).OrderBy(_ => order.Next()).SelectMany(c => c)];
        }

        var latencies = new List<double>();
        double padding = 0;
        var runs = 0;
        for (var warm = 0; warm < 20; warm++)
        {
            model.Embed(tokens.AsSpan(warm * batch % (tokens.Length - batch), batch).ToArray());
        }

        var started = Stopwatch.GetTimestamp();
        var cpu = CpuTime();
        var next = 0;
        await Task.Run(() =>
        {
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var slice = tokens.AsSpan(next, batch).ToArray();
                next = (next + batch) % (tokens.Length - (tokens.Length % batch));
                var t = Stopwatch.GetTimestamp();
                var run = model.Embed(slice);
                var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                padding += run.PaddingRatio;
                runs++;
                for (var i = 0; i < batch; i++)
                {
                    latencies.Add(ms);
                }
            }
        });
        return LoadResult.From(mode, latencies, Stopwatch.GetElapsedTime(started).TotalSeconds, batch, padding / runs)
            with { WorkingSetMb = WorkingSetMb(), SessionsMb = WorkingSetMb() - before, CpuUsPerRequest = CpuUsPerRequest(cpu, latencies.Count) };
    }

    private static async Task<LoadResult> GrainsAsync(
        string mode, InferenceSettings settings, string cache, string[] texts, TimeSpan duration, int callers, BatchMetrics metrics,
        Action<InferenceOptions> configure, Action<OpenLoopResult>? openLoop = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A cold silo embeds every agent's labels (about 40 texts each when described) on its first requests: with a
        // real model and batches of one that outlasts Orleans' default 30 s response timeout, so the warm-up waits longer.
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5))
            .AddMemoryGrainStorageAsDefault()
            .AddOrleansAgents(configureInference: o =>
            {
                o.CacheDirectory = cache;
                o.Model = settings.Model;
                o.Devices = [settings.EffectiveDevice];
                o.LengthBucketTokens = settings.BucketTokens ?? o.LengthBucketTokens;
                o.IntraOpThreads = int.Parse(Environment.GetEnvironmentVariable("BENCH_INTRA_OP") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                o.IntraOpSpinning = Environment.GetEnvironmentVariable("BENCH_SPIN") == "1";
                configure(o);
                // The device's own limits, as a GPU silo sets them: the global MaxBatchSize stops at 256, a GPU's goes to 4096.
                o.DeviceSettings = [new DeviceSettings { Device = settings.EffectiveDevice, MaxBatchSize = o.MaxBatchSize, MaxConcurrentBatches = o.MaxConcurrentBatches }];
                o.MaxBatchSize = Math.Min(o.MaxBatchSize, DeviceSettings.MaxCpuBatchSize);
                // Room for every caller twice over (the default 4096 already is, for the default callers).
                o.MaxQueueLength = Math.Max(o.MaxQueueLength, 2 * callers);
            }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var agents = host.Services.GetRequiredService<IAgentCatalog>().Agents.Select(a => grains.GetGrain<IAgentGrain>(a.Name)).ToArray();
            Task Call(int caller, int i) => agents[(caller + i) % agents.Length].InvokeAsync(new AgentRequest
            {
                Text = texts[((caller * 7919) + i) % texts.Length],
                CacheEnabled = false,
                Timeout = TimeSpan.FromMinutes(5),
            });

            await Task.WhenAll(agents.Select((_, a) => Call(a, 0))); // activations and label embeddings
            await LoadDriver.RunAsync(callers, TimeSpan.FromSeconds(2), Call);
            metrics.Reset();
            var cpu = CpuTime();
            var (latencies, seconds) = await LoadDriver.RunAsync(callers, duration, Call);
            var cpuUs = CpuUsPerRequest(cpu, latencies.Count);
            Console.WriteLine($"  {mode}: ONNX Runtime busy {metrics.RunMs / 10 / seconds:0}% of the time");
            var result = LoadResult.From(mode, latencies, seconds, metrics.MeanBatchSize, metrics.MeanPaddingRatio) with { CpuUsPerRequest = cpuUs };
            if (openLoop is not null && settings.LoadFraction is { } fraction)
            {
                var open = await OpenLoopDriver.RunAsync(result.RequestsPerSecond, fraction, duration, i => Call(i % callers, i / callers));
                Console.WriteLine($"  {mode}: open loop at {open.TargetRequestsPerSecond:0} req/s ({fraction:P0} of peak): p95 {open.P95Ms:0.00} ms");
                openLoop(open);
            }

            return result;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<LoadResult> PerAgentAsync(
        string model, string cache, string[] texts, TimeSpan duration, string device, int callers, BatchMetrics metrics)
    {
        var options = new InferenceOptions { Model = model, CacheDirectory = cache };
        var factory = new EmbeddingModelFactory(Options.Create(options));
        var before = WorkingSetMb();
        var count = new AgentCatalog(Options.Create(new AgentCatalogOptions())).Agents.Count;
        var instruments = new InferenceInstruments(BenchmarkMeters.Factory);
        var batchers = Enumerable.Range(0, count)
            .Select(_ => new InferenceBatcher(factory.Create(device, useGlobalThreadPool: true), options, instruments, TimeProvider.System, NullLogger.Instance))
            .ToArray();
        try
        {
            Task Call(int caller, int i)
                => batchers[(caller + i) % batchers.Length].EnqueueAsync(texts[((caller * 7919) + i) % texts.Length], 4, null, null, CancellationToken.None);

            await LoadDriver.RunAsync(callers, TimeSpan.FromSeconds(2), Call);
            var sessions = WorkingSetMb() - before;
            metrics.Reset();
            var (latencies, seconds) = await LoadDriver.RunAsync(callers, duration, Call);
            return LoadResult.From("per-agent", latencies, seconds, metrics.MeanBatchSize, metrics.MeanPaddingRatio)
                with { WorkingSetMb = WorkingSetMb(), SessionsMb = sessions };
        }
        finally
        {
            foreach (var batcher in batchers)
            {
                await batcher.DisposeAsync();
            }
        }
    }

    internal static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double CpuUsPerRequest(TimeSpan before, long requests) => (CpuTime() - before).TotalMicroseconds / Math.Max(1, requests);

    internal static double WorkingSetMb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }
}
