namespace OrleansAgents.Tests.Infrastructure;

/// <summary>Shared locations for tests; the built-in model is generated once per machine into one cache folder.</summary>
internal static class TestPaths
{
    public static string ModelCache { get; } = Path.Combine(Path.GetTempPath(), "orleans-agents-tests", "models");
}
