namespace OrleansAgents.Silo.Hosting;

/// <summary>Says at start how the silo uses Kubernetes hosting, so that a pod's log shows whether the pod watcher runs.</summary>
internal sealed partial class KubernetesHostingReport(KubernetesHostingPlan plan, ILogger<KubernetesHostingReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pod = plan.Pod;
        LogHosting(logger, pod.PodName!, pod.PodNamespace!, plan.AdvertisedAddress?.ToString() ?? "(configured or looked up)", plan.WatchPods ? "on" : "off");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
