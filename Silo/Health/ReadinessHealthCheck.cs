using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansAgents.Agents;
using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Health;

/// <summary>
/// Ready once every inference device has its model loaded, the agents' labels are embedded (<c>Agents:WarmUpLabels</c>)
/// and the silo is an active cluster member; not ready from the
/// moment the host starts stopping (SIGTERM), so that a load balancer stops sending before the silo drains.
/// </summary>
internal sealed class ReadinessHealthCheck(
    InferenceDevices devices, LabelWarmUp labels, ISiloStatusOracle siloStatus, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is stopping."));
        }

        if (!devices.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The inference model is not loaded yet."));
        }

        if (!labels.IsWarm)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The agents' label vectors are being computed."));
        }

        var status = siloStatus.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Model loaded; silo active.")
            : HealthCheckResult.Unhealthy($"The silo is {status}, not Active."));
    }
}
