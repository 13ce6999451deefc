using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Client;

/// <summary>
/// Packs the SDK (and the contracts package it depends on) once, with a version of its own, into a local feed in a temp
/// folder outside the repository, with <c>dotnet pack Client/Sdk</c> as the README says.
/// </summary>
public sealed class SdkPackageFixture : IAsyncLifetime
{
    /// <summary>The repository root: the folder holding <c>OrleansAgents.sln</c>.</summary>
    public string RepositoryRoot => TestPaths.RepositoryRoot;

    /// <summary>A temp folder outside the repository, deleted afterwards.</summary>
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), $"orleans-agents-sdk-{Guid.NewGuid():N}");

    /// <summary>The local feed the packages are written to.</summary>
    public string Feed => Path.Combine(WorkDirectory, "feed");

    /// <summary>A version no other run used, so no stale copy can come from a NuGet cache.</summary>
    public string Version { get; } = $"1.0.0-test.{Guid.NewGuid():N}";

    /// <summary>The <c>OrleansAgents.Client</c> package.</summary>
    public string ClientPackage => Path.Combine(Feed, $"OrleansAgents.Client.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        // The configuration the tests were built in; --no-build packs those outputs as they are.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var (exit, output) = await DotnetCommand.RunAsync(
            RepositoryRoot,
            TimeSpan.FromMinutes(5),
            "pack", Path.Combine("Client", "Sdk"), "-c", configuration, "--no-build", "-o", Feed, $"-p:PackageVersion={Version}");
        Assert.True(exit == 0, output);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
