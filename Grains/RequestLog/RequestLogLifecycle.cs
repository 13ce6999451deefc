using Microsoft.Extensions.Hosting;

namespace OrleansAgents.RequestLog;

/// <summary>
/// Runs the request log with the silo rather than as a hosted service: the host stops its hosted services in reverse
/// order, and Orleans' silo is registered before the log, so the log would stop (and flush) before the silo drains, and
/// the answers of requests finishing during the drain would wait for acknowledgements that never come. Stopping at the
/// ApplicationServices stage flushes it after every agent has finished, migrated or deactivated.
/// </summary>
internal sealed class RequestLogLifecycle(IRequestLog log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (log is IHostedService service)
        {
            lifecycle.Subscribe(nameof(RequestLogLifecycle), ServiceLifecycleStage.ApplicationServices, service.StartAsync, service.StopAsync);
        }
    }
}
