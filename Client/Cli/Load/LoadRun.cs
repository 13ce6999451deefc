using Spectre.Console;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>One <c>load</c> run against a target: progress, then the report and files; the exit code says whether the thresholds held.</summary>
internal static class LoadRun
{
    /// <summary>Exit code when a threshold fails (k6's is 99; a plain 1 is what a pipeline step checks).</summary>
    public const int ThresholdFailed = 1;

    public static async Task<int> ExecuteAsync(ILoadTarget target, LoadSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var agents = await target.ListAgentsAsync(cancellationToken);
        var workload = new LoadWorkload(agents, settings.Seed, settings.Zipf, settings.PrivateShare, settings.CacheEnabled);
        var recorder = new LoadRecorder();
        var schedule = settings.Schedule;
        var model = settings.Rate is null ? "closed" : "open";
        AnsiConsole.MarkupLine(Markup.Escape(settings.Rate is { } r
            ? $"load: {settings.Scenario.ToString().ToLowerInvariant()}, {r} requests/s for {LoadDuration.Format(schedule.Duration)} against {settings.Target} ({agents.Count} agents)"
            : $"load: {settings.Scenario.ToString().ToLowerInvariant()}, up to {schedule.Peak} users for {LoadDuration.Format(schedule.Duration)} against {settings.Target} ({agents.Count} agents)"));

        var started = time.GetTimestamp();
        var run = settings.Rate is { } rate
            ? new OpenLoopRunner(target, workload, recorder, rate, schedule.Duration, settings.Seed, time).RunAsync(cancellationToken)
            : new ClosedLoopRunner(target, workload, recorder, schedule, settings.Think, settings.Seed, time).RunAsync(cancellationToken);
        await LoadProgress.ShowAsync(run, recorder, time, schedule.Duration);
        await run;

        var summary = recorder.Summarize(settings.Scenario.ToString().ToLowerInvariant(), settings.Target, model, time.GetElapsedTime(started));
        LoadReport.Write(summary, settings.Thresholds);
        if (settings.JsonPath is { } json)
        {
            await LoadJsonWriter.WriteAsync(json, summary, settings.Thresholds, CancellationToken.None);
            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(json)}[/]");
        }

        if (settings.HtmlPath is { } html)
        {
            await LoadHtmlWriter.WriteAsync(html, summary, settings.Thresholds, CancellationToken.None);
            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(html)}[/]");
        }

        return settings.Thresholds.All(t => t.Passes(summary)) ? 0 : ThresholdFailed;
    }
}
