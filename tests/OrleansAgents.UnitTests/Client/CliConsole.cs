using OrleansAgents.Client.Cli;
using Spectre.Console;

namespace OrleansAgents.Tests.Client;

/// <summary>Runs the CLI in-process with its console captured as plain text (no ANSI, not interactive).</summary>
internal static class CliConsole
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        try
        {
            var exit = await AgentsCli.Build().Parse(args).InvokeAsync();
            return (exit, writer.ToString());
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }
}
