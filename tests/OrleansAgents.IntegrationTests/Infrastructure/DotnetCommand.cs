namespace OrleansAgents.Tests.Infrastructure;

/// <summary>Runs the <c>dotnet</c> CLI in a child process and keeps everything it printed.</summary>
internal static class DotnetCommand
{
    /// <summary>The <c>dotnet</c> executable running the tests (or the one on PATH).</summary>
    public static string Executable => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>; kills it after <paramref name="limit"/>.</summary>
    public static Task<(int Exit, string Output)> RunAsync(string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        var start = ChildCommand.Prepare(Executable, workingDirectory, arguments);
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        return ChildCommand.RunAsync(start, limit);
    }
}
