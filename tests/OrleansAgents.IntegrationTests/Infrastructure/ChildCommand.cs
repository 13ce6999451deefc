using System.Diagnostics;
using System.Text;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>Runs a program in a child process to its end and keeps everything it printed.</summary>
internal static class ChildCommand
{
    /// <summary>
    /// A start for <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>,
    /// output redirected, and without the MSBuild locations the test host inherits from <c>dotnet test</c> (a nested
    /// build must find its own).
    /// </summary>
    public static ProcessStartInfo Prepare(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    /// <summary>Runs <paramref name="start"/>; kills it (and fails) after <paramref name="limit"/>. The output holds both streams.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        var (exit, output, _) = await RunSeparatelyAsync(start, limit, errorsInOutput: true);
        return (exit, output);
    }

    /// <summary>As <see cref="RunAsync"/>, with standard error also apart (and, unless <paramref name="errorsInOutput"/>, only there).</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunSeparatelyAsync(ProcessStartInfo start, TimeSpan limit, bool errorsInOutput)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Append(errors, e.Data);
            if (errorsInOutput)
            {
                Append(output, e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} ran past {limit}:{Environment.NewLine}{Text(output)}{Text(errors)}");
        }

        process.WaitForExit(); // drains the redirected output
        return (process.ExitCode, Text(output), Text(errors));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
