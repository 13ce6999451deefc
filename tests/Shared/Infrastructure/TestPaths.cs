namespace OrleansAgents.Tests.Infrastructure;

/// <summary>Shared locations for tests; the built-in model is generated once per machine into one cache folder.</summary>
internal static class TestPaths
{
    /// <summary>The model every test silo runs unless a test is about a trained model: fast and deterministic.</summary>
    public const string Model = "builtin-tiny";

    /// <summary>
    /// The label vectors the tests' silos build (<c>Agents:LabelVectors</c>): bare label names, so that a text equal to a
    /// label scores exactly 1 with the untrained built-in encoder, and an agent's first request embeds 8 texts, not 40.
    /// The described labels have tests of their own.
    /// </summary>
    public const string LabelVectors = "Names";

    /// <summary>
    /// Whether the tests' silos embed every agent's labels at start (<c>Agents:WarmUpLabels</c>): off, so that dozens of
    /// test silos do not each embed 1 048 labels in the background; the warm-up has a test of its own.
    /// </summary>
    public const bool WarmUpLabels = false;

    /// <summary>Applies <see cref="LabelVectors"/> and <see cref="WarmUpLabels"/> to a silo built in code (<c>AddOrleansAgents</c>).</summary>
    public static void PinAgents(OrleansAgents.Agents.AgentCatalogOptions options)
        => (options.LabelVectors, options.WarmUpLabels) = (Enum.Parse<OrleansAgents.Agents.LabelVectorMode>(LabelVectors), WarmUpLabels);

    public static string ModelCache { get; } = Path.Combine(Path.GetTempPath(), "orleans-agents-tests", "models");

    /// <summary>The repository root: the folder holding <c>OrleansAgents.sln</c> above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansAgents.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansAgents.sln above {AppContext.BaseDirectory}.");
    }
}
