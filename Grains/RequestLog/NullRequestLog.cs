using Microsoft.Extensions.Hosting;

namespace OrleansAgents.RequestLog;

/// <summary>The embedded default without PostgreSQL: requests are not logged.</summary>
internal sealed class NullRequestLog : IRequestLog, IHostedService
{
    public void Append(RequestLogEntry entry)
    {
    }

    public ValueTask AppendAcknowledgedAsync(RequestLogEntry entry, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
