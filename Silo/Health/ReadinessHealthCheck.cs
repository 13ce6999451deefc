using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Health;

/// <summary>Ready once every inference device has its model loaded and the silo is an active cluster member.</summary>
internal sealed class ReadinessHealthCheck(InferenceDevices devices, ISiloStatusOracle siloStatus) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!devices.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The inference model is not loaded yet."));
        }

        var status = siloStatus.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Model loaded; silo active.")
            : HealthCheckResult.Unhealthy($"The silo is {status}, not Active."));
    }
}
