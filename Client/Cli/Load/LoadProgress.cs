using System.Globalization;
using Spectre.Console;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Live figures while a run goes: a refreshing table on an interactive terminal, plain lines once a second otherwise
/// (redirected output, CI logs, tests).
/// </summary>
internal static class LoadProgress
{
    public static async Task ShowAsync(Task run, LoadRecorder recorder, TimeProvider time, TimeSpan planned)
    {
        var start = time.GetTimestamp();
        var profile = AnsiConsole.Profile.Capabilities;
        if (profile.Interactive && profile.Ansi)
        {
            await AnsiConsole.Live(new Text("starting…")).StartAsync(async context =>
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500), time));
                    context.UpdateTarget(Table(recorder, time.GetElapsedTime(start), planned));
                }
            });
            return;
        }

        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), time));
            if (!run.IsCompleted)
            {
                AnsiConsole.WriteLine(Line(recorder, time.GetElapsedTime(start)));
            }
        }
    }

    /// <summary>One plain progress line, e.g. <c>[  5s] users 100, 523.0 req/s, p95 12.3 ms, errors 0, cache hits 45.1%</c>.</summary>
    public static string Line(LoadRecorder recorder, TimeSpan elapsed)
    {
        var (p95, rps, hits) = recorder.Live(elapsed);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,4:0}s] users {recorder.Users}, {rps} req/s, p95 {p95:0.0} ms, errors {recorder.Errors}, cache hits {hits:0.0%}");
    }

    private static Table Table(LoadRecorder recorder, TimeSpan elapsed, TimeSpan planned)
    {
        var (p95, rps, hits) = recorder.Live(elapsed);
        var table = new Table().AddColumns("elapsed", "users", "req/s", "p95 ms", "requests", "errors", "cache hits");
        table.AddRow(
            $"{elapsed.TotalSeconds:0}/{planned.TotalSeconds:0} s",
            recorder.Users.ToString(CultureInfo.InvariantCulture),
            rps.ToString(CultureInfo.InvariantCulture),
            p95.ToString("0.0", CultureInfo.InvariantCulture),
            recorder.Requests.ToString(CultureInfo.InvariantCulture),
            recorder.Errors.ToString(CultureInfo.InvariantCulture),
            hits.ToString("0.0%", CultureInfo.InvariantCulture));
        return table;
    }
}
