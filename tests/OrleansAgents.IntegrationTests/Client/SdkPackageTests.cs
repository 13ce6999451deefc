using System.IO.Compression;
using System.Xml.Linq;
using OrleansAgents.Tests.Infrastructure;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Client;

/// <summary>
/// The SDK as a package: a service outside the repository, whose <c>Program.cs</c> is the README's, restores
/// <c>OrleansAgents.Client</c> from a local feed, builds and calls an agent of a running silo. Slow (a restore and a build).
/// </summary>
[Collection(SiloHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SdkPackageTests(SiloHostFixture silo, SdkPackageFixture package) : IClassFixture<SdkPackageFixture>
{
    private const string ProgramMarker = "<!-- sdk-program -->";

    [Fact]
    public async Task ReadmeProgram_WhenBuiltAgainstThePackage_PrintsTheAgentsAnswer()
    {
        var service = Path.Combine(package.WorkDirectory, "service");
        Directory.CreateDirectory(service);
        Assert.False(service.StartsWith(package.RepositoryRoot, StringComparison.Ordinal), "the service must live outside the repository");
        await File.WriteAllTextAsync(Path.Combine(service, "Program.cs"), ReadmeProgram(package.RepositoryRoot));
        await File.WriteAllTextAsync(Path.Combine(service, "Service.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OrleansAgents.Client" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        // Stops MSBuild looking for build files above the temp folder.
        await File.WriteAllTextAsync(Path.Combine(service, "Directory.Build.props"), "<Project />");
        // The local feed on top of the machine's sources; packages go to a private folder, reading the machine's as a
        // fallback, so this run's OrleansAgents packages never land in the shared NuGet cache.
        await File.WriteAllTextAsync(Path.Combine(service, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(package.WorkDirectory, "packages")}" />
              </config>
              <packageSources>
                <add key="orleans-agents-local" value="{package.Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackagesFolder()}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        var (buildExit, buildOutput) = await DotnetCommand.RunAsync(service, TimeSpan.FromMinutes(8), "build", "-c", "Release");
        Assert.True(buildExit == 0, buildOutput);
        var (exit, output) = await DotnetCommand.RunAsync(
            service,
            TimeSpan.FromMinutes(2),
            Path.Combine(service, "bin", "Release", "net10.0", "Service.dll"),
            $"--AgentClient:Gateways:0=127.0.0.1:{silo.GatewayPort}",
            "--Logging:LogLevel:Default=Warning");

        Assert.True(exit == 0, output);
        Assert.Contains("semgrep-security-analyzer: hardcoded secret (", output);
    }

    [Fact]
    public void Pack_WhenSdkPacked_DependsOnTheContractsPackageAndNoCliPackage()
    {
        using var zip = ZipFile.OpenRead(package.ClientPackage);
        var nuspec = zip.Entries.Single(e => e.FullName == "OrleansAgents.Client.nuspec");
        using var stream = nuspec.Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

        Assert.Equal(package.Version, dependencies["OrleansAgents.Grains.Interfaces"]);
        Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("System.CommandLine", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("Spectre.Console", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/OrleansAgents.Client.xml");
        Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        Assert.True(File.Exists(Path.Combine(package.Feed, $"OrleansAgents.Grains.Interfaces.{package.Version}.nupkg")));
    }

    /// <summary>The C# block that follows <see cref="ProgramMarker"/> in the README.</summary>
    private static string ReadmeProgram(string repositoryRoot)
    {
        var readme = File.ReadAllText(Path.Combine(repositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var marker = readme.IndexOf(ProgramMarker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"README.md has no {ProgramMarker} marker");
        const string Fence = "```csharp\n";
        var start = readme.IndexOf(Fence, marker, StringComparison.Ordinal) + Fence.Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end] + "\n";
    }

    private static string MachinePackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
