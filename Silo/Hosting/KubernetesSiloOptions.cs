namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// How the silo uses Orleans' Kubernetes hosting (configuration section <c>Orleans:Kubernetes</c>). Hosting itself (silo
/// name from the pod, advertised address from <c>POD_IP</c>) switches on by itself when the downward-API variables
/// <c>POD_NAME</c> and <c>POD_NAMESPACE</c> are present.
/// </summary>
public sealed class KubernetesSiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Orleans:Kubernetes";

    /// <summary>
    /// Whether the silo runs Orleans' pod watcher, which calls the Kubernetes API to declare dead the silos whose pods
    /// are gone (and labels its own pod). Default: unset, meaning on exactly when the Kubernetes API is reachable from
    /// the pod (<c>KUBERNETES_SERVICE_HOST</c> is set, as the kubelet does in every pod). <c>true</c> without that
    /// variable, or outside a pod, stops the silo at start; <c>false</c> keeps the rest of Kubernetes hosting.
    /// </summary>
    public bool? WatchPods { get; set; }
}
