using System.CommandLine;
using BenchmarkDotNet.Running;
using OrleansAgents.Benchmarks.Caching;
using OrleansAgents.Benchmarks.Inference;
using OrleansAgents.Benchmarks.Quality;
using OrleansAgents.Benchmarks.RequestLog;
using OrleansAgents.Benchmarks.Routing;
using OrleansAgents.Inference;
using OrleansAgents.Routing;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// The benchmark command line: <c>inference</c>, <c>ort-cores</c>, <c>cache</c>, <c>requestlog</c> and <c>fairness</c> run the end-to-end benchmarks,
/// <c>quality</c>, <c>semantic</c> and <c>routing</c> the accuracy ones;
/// arguments that match none of them (e.g. <c>--filter '*EmbeddingModel*'</c>) go to BenchmarkDotNet.
/// </summary>
internal static class BenchmarkCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "OrleansAgents benchmarks. Without a command, the arguments go to BenchmarkDotNet (e.g. --filter '*EmbeddingModel*').")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(Inference());
        root.Subcommands.Add(NativeCores());
        root.Subcommands.Add(Cache());
        root.Subcommands.Add(RequestLog());
        root.Subcommands.Add(Fairness());
        root.Subcommands.Add(Quality());
        root.Subcommands.Add(Semantic());
        root.Subcommands.Add(HttpLoad());
        root.Subcommands.Add(Routing());
        root.SetAction(parse =>
        {
            BenchmarkSwitcher.FromAssembly(typeof(BenchmarkCommands).Assembly).Run([.. parse.UnmatchedTokens]);
            return 0;
        });
        return root;
    }

    private static Command Inference()
    {
        var json = Json();
        var seconds = Seconds();
        var callers = new Option<int?>("--callers")
        {
            Description = $"Concurrent callers (default: {InferenceSettings.DefaultCallers}, or twice the batch size when that is more).",
        };
        var modes = new Option<string>("--modes")
        {
            Description = "Comma-separated modes to run.",
            DefaultValueFactory = _ => InferenceBenchmark.AllModes,
        };
        var bucket = new Option<int?>("--bucket-tokens") { Description = "Token-length bucket of the batch queue (default: InferenceOptions.LengthBucketTokens)." };
        var model = new Option<string[]>("--model")
        {
            Description = "Inference:Model to measure; repeatable, later ones are compared with the first.",
            DefaultValueFactory = _ => [NamedModels.BuiltInTiny],
        };
        var device = new Option<string?>("--device")
        {
            Description = "Device of every mode: cpu (default) or cuda:N (Inference:Devices of the grain modes, the raw modes' execution provider).",
        };
        var batchSizes = new Option<string?>("--batch-sizes")
        {
            Description = "MaxBatchSize values (e.g. 32,64,128,256,512,1024) to sweep over the batched mode first; the best is then every mode's batch size.",
        };
        var loadFraction = new Option<double?>("--load-fraction")
        {
            Description = "After the batched mode, send at this fraction of its throughput at a constant rate and report latency from the intended send time.",
        };
        var command = new Command("inference", "Raw ONNX Runtime against the grains unbatched, batched and per agent.")
        {
            model, json, seconds, callers, modes, bucket, device, batchSizes, loadFraction,
        };
        command.SetAction((parse, _) => InferenceBenchmark.RunAsync(parse.GetValue(model)!, new InferenceSettings(
            parse.GetValue(model)![0],
            parse.GetValue(json),
            parse.GetValue(seconds),
            parse.GetValue(callers),
            parse.GetValue(modes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            parse.GetValue(bucket),
            parse.GetValue(device),
            InferenceSettings.ParseBatchSizes(parse.GetValue(batchSizes)),
            parse.GetValue(loadFraction))));
        return command;
    }

    private static Command NativeCores()
    {
        var json = Json();
        var seconds = Seconds();
        var rounds = new Option<int>("--rounds") { Description = "Runs per core, alternating.", DefaultValueFactory = _ => 3 };
        var modes = new Option<string>("--modes") { Description = "Comma-separated inference modes.", DefaultValueFactory = _ => "raw,batched" };
        var model = new Option<string>("--model") { Description = "Inference:Model to measure.", DefaultValueFactory = _ => NamedModels.Default };
        var command = new Command("ort-cores", "CPU throughput on the CPU package's native ONNX Runtime core against the GPU package's, in one run.")
        {
            model, modes, seconds, rounds, json,
        };
        command.SetAction((parse, _) => NativeCoresBenchmark.RunAsync(
            parse.GetValue(model)!, parse.GetValue(modes)!, parse.GetValue(seconds), parse.GetValue(rounds), parse.GetValue(json)));
        return command;
    }

    private static Command Cache()
    {
        var json = Json();
        var seconds = Seconds();
        var callers = Callers(64);
        var redis = new Option<string?>("--redis") { Description = "Redis connection string for the L2 cache (default: L1 only)." };
        var command = new Command("cache", "A Zipf workload through the L1/L2 caches of all 131 agents.") { json, seconds, callers, redis };
        command.SetAction((parse, _) => CacheBenchmark.RunAsync(parse.GetValue(json), parse.GetValue(seconds), parse.GetValue(callers), parse.GetValue(redis)));
        return command;
    }

    private static Command RequestLog()
    {
        var json = Json();
        var rows = new Option<int>("--rows") { Description = "Rows written per path.", DefaultValueFactory = _ => 20_000 };
        var connection = new Option<string?>("--connection")
        {
            Description = "PostgreSQL connection string (default: ConnectionStrings__Postgres, ORLEANS_AGENTS_TEST_POSTGRES, then the test database).",
        };
        var command = new Command("requestlog", "Rows/s into the PostgreSQL request log: batched COPY against one INSERT per row.") { json, rows, connection };
        command.SetAction((parse, _) => RequestLogBenchmark.RunAsync(parse.GetValue(json), parse.GetValue(rows), parse.GetValue(connection)));
        return command;
    }

    private static Command Fairness()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 5 };
        var callers = Callers(4);
        var factor = new Option<double>("--flood-factor") { Description = "Tenant A's open-loop rate as a multiple of the measured capacity.", DefaultValueFactory = _ => 10 };
        var command = new Command("fairness", "Tenant B's latency alone and while tenant A floods the inference queue, tenant rules on and off.")
        {
            seconds, callers, factor,
        };
        command.SetAction((parse, _) => FairnessBenchmark.RunAsync(parse.GetValue(seconds), parse.GetValue(callers), parse.GetValue(factor)));
        return command;
    }

    private static Command Quality()
    {
        var json = Json();
        var models = Models();
        var data = Data(QualityBenchmark.DefaultData, "Labelled requests (JSON Lines of agent, label, text)");
        var command = new Command("quality", "Zero-shot top-1/top-3 accuracy of the agents' answers, per model, label names against described labels.")
        {
            json, models, data,
        };
        command.SetAction((parse, _) => QualityBenchmark.RunAsync(parse.GetValue(models)!, parse.GetValue(data)!, parse.GetValue(json)));
        return command;
    }

    private static Command Semantic()
    {
        var model = new Option<string>("--model") { Description = "Inference:Model to measure.", DefaultValueFactory = _ => NamedModels.Default };
        var data = Data(SemanticBenchmark.DefaultData, "Labelled request pairs (JSON Lines of agent, a, b, same, kind)");
        var threshold = new Option<double>("--threshold") { Description = "Caching:SemanticThreshold of the silo.", DefaultValueFactory = _ => 0.95 };
        var command = new Command("semantic", "False and true hits of the semantic cache on labelled request pairs, with a threshold sweep.")
        {
            model, data, threshold,
        };
        command.SetAction((parse, _) => SemanticBenchmark.RunAsync(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(threshold)));
        return command;
    }

    private static Command Routing()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "Inference:Model to measure; repeatable.",
            DefaultValueFactory = _ => [NamedModels.Default],
        };
        var data = Data(RoutingBenchmark.DefaultData, "Labelled tasks (JSON Lines of capability, text, the right agents)");
        var weights = new Option<double[]>("--text-weight")
        {
            Description = "Routing:TextWeight to measure besides 0 (text-blind); repeatable.",
            DefaultValueFactory = _ => [new RouterOptions().TextWeight],
        };
        var command = new Command("routing", "How often the router picks a right agent for labelled tasks, text-blind and with the text weighed, per model.")
        {
            models, data, weights,
        };
        command.SetAction((parse, _) => RoutingBenchmark.RunAsync(parse.GetValue(models)!, parse.GetValue(data)!, parse.GetValue(weights)!));
        return command;
    }

    private static Command HttpLoad()
    {
        var url = new Option<string>("--url") { Description = "The silo's HTTP API.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients in the loaded phase.", DefaultValueFactory = _ => 500 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 30 };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent of the prompt mix.", DefaultValueFactory = _ => 1.0 };
        var cache = new Option<string>("--cache") { Description = "on or off (requests ask to bypass the caches).", DefaultValueFactory = _ => "on" };
        var apiKey = new Option<string?>("--api-key") { Description = "X-Api-Key to send, when the silo requires authentication." };
        var command = new Command("http", "A running silo's HTTP API: one client, then many, over a Zipf prompt mix across agents.")
        {
            url, clients, seconds, zipf, cache, apiKey,
        };
        command.SetAction((parse, _) => Http.HttpBenchmark.RunAsync(
            parse.GetValue(url)!, parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(zipf), parse.GetValue(cache) != "off", parse.GetValue(apiKey)));
        return command;
    }

    private static Option<string[]> Data(string file, string description) => new("--data")
    {
        Description = description + "; repeatable.",
        DefaultValueFactory = _ => [LabelledData.DefaultPath(file)],
    };

    private static Option<string[]> Models() => new("--model")
    {
        Description = "Inference:Model to measure; repeatable.",
        DefaultValueFactory = _ => [NamedModels.MiniLm, NamedModels.ArcticXs, NamedModels.BuiltInTiny],
    };

    private static Option<string?> Json() => new("--json") { Description = "Also write the results to this JSON file." };

    private static Option<double> Seconds() => new("--seconds") { Description = "Measured seconds per mode.", DefaultValueFactory = _ => 10 };

    private static Option<int> Callers(int defaultValue)
        => new("--callers") { Description = "Concurrent callers.", DefaultValueFactory = _ => defaultValue };
}
