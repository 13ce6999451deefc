using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Benchmarks;

/// <summary>The process's meter factory for components a benchmark builds without a silo.</summary>
internal static class BenchmarkMeters
{
    public static IMeterFactory Factory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
