using System.CommandLine;
using System.CommandLine.Parsing;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// <c>load</c>: the seeds' scenarios (baseline, stress, spike, soak) with virtual users or a constant arrival rate, against
/// the HTTP API or the grain SDK; live progress, a report, JSON and HTML files, and k6-style thresholds (exit code 1 when one fails).
/// </summary>
internal static class LoadCommand
{
    public static Command Create(Func<ParseResult, Func<IAgentClient, Task<int>>, Task<int>> withClient)
    {
        var scenario = new Option<LoadScenario>("--scenario") { Description = "baseline (100 users), stress (ramp to 1000), spike (100 → 1000 → 100), soak (steady, 10 min).", DefaultValueFactory = _ => LoadScenario.Baseline };
        var url = HttpUrlOption.Create();
        var target = new Option<string>("--target") { Description = "http (the silo's HTTP API, --url) or sdk (the grain client, --gateway/--redis).", DefaultValueFactory = _ => "http" };
        target.AcceptOnlyFromAmong("http", "sdk");
        var users = new Option<int?>("--users") { Description = "Peak virtual users (default: the scenario's)." };
        var duration = DurationOption("--duration", "Run length, e.g. 30s, 2m (default 30s; soak 10m).");
        var ramp = DurationOption("--ramp", "Ramp time of stress and spike (default: spike 10s, stress half the run).");
        var rate = new Option<double?>("--rate") { Description = "Open loop: this many requests/s whatever the server does; latency counts from each request's intended send time." };
        var think = DurationOption("--think", "Think time between a user's requests (default 0ms).");
        var cache = new Option<string>("--cache") { Description = "on, or off to send cacheEnabled=false.", DefaultValueFactory = _ => "on" };
        cache.AcceptOnlyFromAmong("on", "off");
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent of prompt popularity (0 = uniform).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the prompt pool and request stream.", DefaultValueFactory = _ => 42 };
        var privateShare = new Option<double>("--private-share") { Description = "Share of private (per-user) requests, 0–1.", DefaultValueFactory = _ => 0.2 };
        var model = new Option<string?>("--model")
        {
            Description = "Load the OpenAI-compatible POST /v1/embeddings with this model (see GET /v1/models) instead of agent invoke; --target http only.",
        };
        var json = new Option<string?>("--json") { Description = "Write all figures and the per-second series to this JSON file." };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML report with charts to this file." };
        var thresholds = new Option<LoadThreshold[]>("--threshold")
        {
            Description = "Pass/fail criterion (repeatable), e.g. \"p95<1000ms\", \"p99<2s\", \"errors<0.1%\", \"rps>100\"; exit code 1 when one fails.",
            CustomParser = ParseThresholds,
        };
        var command = new Command("load", "Generate load with the seeds' scenarios; report throughput, latency percentiles, errors and cache layers.")
        {
            scenario, url, target, users, duration, ramp, rate, think, cache, zipf, seed, privateShare, model, json, html, thresholds,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(users) is < 1)
            {
                result.AddError("--users must be at least 1.");
            }

            if (result.GetValue(rate) is <= 0)
            {
                result.AddError("--rate must be greater than 0.");
            }

            if (result.GetValue(privateShare) is < 0 or > 1)
            {
                result.AddError("--private-share must be between 0 and 1.");
            }

            if (result.GetValue(zipf) < 0)
            {
                result.AddError("--zipf must be 0 or more.");
            }

            if (result.GetValue(model) is not null && result.GetValue(target) == "sdk")
            {
                result.AddError("--model loads the HTTP API's /v1/embeddings; it needs --target http.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var chosen = parse.GetValue(scenario);
            var length = parse.GetValue(duration) ?? UserSchedule.DefaultDuration(chosen);
            var settings = new LoadSettings
            {
                Scenario = chosen,
                Target = parse.GetValue(target) == "sdk" ? "sdk" : parse.GetValue(url)!.ToString(),
                Schedule = new UserSchedule(chosen, parse.GetValue(users) ?? UserSchedule.DefaultUsers(chosen), length, parse.GetValue(ramp) ?? UserSchedule.DefaultRamp(chosen, length)),
                Rate = parse.GetValue(rate),
                Think = parse.GetValue(think) ?? TimeSpan.Zero,
                CacheEnabled = parse.GetValue(cache) != "off",
                Zipf = parse.GetValue(zipf),
                Seed = parse.GetValue(seed),
                PrivateShare = parse.GetValue(privateShare),
                JsonPath = parse.GetValue(json),
                HtmlPath = parse.GetValue(html),
                Thresholds = parse.GetValue(thresholds) ?? [],
            };
            if (parse.GetValue(target) == "sdk")
            {
                return await withClient(parse, client => LoadRun.ExecuteAsync(new SdkLoadTarget(client), settings, TimeProvider.System, ct));
            }

            using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = int.MaxValue })
            {
                BaseAddress = parse.GetValue(url),
                Timeout = TimeSpan.FromMinutes(5),
            };
            ILoadTarget http = parse.GetValue(model) is { } name ? new EmbeddingsLoadTarget(client, name) : new HttpLoadTarget(client);
            return await LoadRun.ExecuteAsync(http, settings, TimeProvider.System, ct);
        });
        return command;
    }

    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            if (LoadDuration.TryParse(value, out var parsed) && parsed >= TimeSpan.Zero)
            {
                return parsed;
            }

            result.AddError($"{name} '{value}' is not a duration such as 500ms, 30s, 2m or 1h.");
            return null;
        },
    };

    private static LoadThreshold[] ParseThresholds(ArgumentResult result)
    {
        var parsed = new List<LoadThreshold>();
        foreach (var token in result.Tokens)
        {
            if (LoadThreshold.TryParse(token.Value, out var threshold, out var error))
            {
                parsed.Add(threshold!);
            }
            else
            {
                result.AddError(error);
            }
        }

        return [.. parsed];
    }
}
