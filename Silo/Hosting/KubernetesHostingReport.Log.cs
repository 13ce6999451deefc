namespace OrleansAgents.Silo.Hosting;

internal sealed partial class KubernetesHostingReport
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes hosting: pod {PodName} in namespace {PodNamespace}, advertised address {Address}, pod watcher {WatchPods}")]
    private static partial void LogHosting(ILogger logger, string podName, string podNamespace, string address, string watchPods);
}
