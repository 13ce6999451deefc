using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansAgents.Diagnostics;

/// <summary>Registers the <c>OrleansAgents</c> meter's instrument classes.</summary>
internal static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (when the host has not) and every instruments class.</summary>
    public static IServiceCollection AddAgentsInstruments(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AgentInstruments>();
        services.TryAddSingleton<InferenceInstruments>();
        services.TryAddSingleton<CacheInstruments>();
        services.TryAddSingleton<RequestLogInstruments>();
        services.TryAddSingleton<RouterInstruments>();
        services.TryAddSingleton<PlacementInstruments>();
        return services;
    }
}
