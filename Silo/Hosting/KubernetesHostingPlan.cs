using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Whether and how the silo uses Orleans' Kubernetes hosting, decided from the pod's environment and configuration
/// before the host is built.
/// </summary>
/// <param name="Enabled">In a pod (<c>POD_NAME</c> and <c>POD_NAMESPACE</c> set): <c>UseKubernetesHosting()</c> is called.</param>
/// <param name="WatchPods">Orleans' pod watcher runs (it needs the Kubernetes API).</param>
/// <param name="AdvertisedAddress">
/// The address to advertise to other silos and clients: <c>POD_IP</c>, unless <c>Orleans:AdvertisedIPAddress</c> is
/// configured (configuration wins) or the variable is unset; null leaves the choice to the usual rule.
/// </param>
/// <param name="Pod">The variables the decision was made from.</param>
internal sealed record KubernetesHostingPlan(bool Enabled, bool WatchPods, IPAddress? AdvertisedAddress, PodEnvironment Pod)
{
    /// <summary>Outside Kubernetes: nothing changes.</summary>
    public static KubernetesHostingPlan Off { get; } = new(false, false, null, PodEnvironment.None);

    /// <summary>
    /// Decides. Cluster identity: <c>Orleans:ClusterId</c>/<c>Orleans:ServiceId</c> (configuration) are the only source;
    /// the manifests feed them from the pod's <c>orleans/clusterId</c>/<c>orleans/serviceId</c> labels. Orleans' own
    /// <c>ORLEANS_CLUSTER_ID</c>/<c>ORLEANS_SERVICE_ID</c>, when set, must agree with them.
    /// </summary>
    /// <exception cref="OptionsValidationException">The environment and configuration disagree; every failure is listed.</exception>
    public static KubernetesHostingPlan Decide(PodEnvironment pod, SiloClusterOptions cluster, KubernetesSiloOptions options)
    {
        var failures = new List<string>();
        var inPod = pod.PodName is not null && pod.PodNamespace is not null;
        if (!inPod)
        {
            if (options.WatchPods == true)
            {
                failures.Add($"{KubernetesSiloOptions.SectionName}:WatchPods is true, but {PodEnvironment.PodNameVariable} and {PodEnvironment.PodNamespaceVariable} are not both set: the silo is not in a Kubernetes pod.");
            }

            return failures.Count == 0 ? Off : throw Failure(failures);
        }

        IPAddress? podAddress = null;
        if (pod.PodIP is not null && !IPAddress.TryParse(pod.PodIP, out podAddress))
        {
            failures.Add($"{PodEnvironment.PodIPVariable} '{pod.PodIP}' is not an IP address.");
        }

        Agree(pod.ClusterId, PodEnvironment.ClusterIdVariable, cluster.ClusterId, $"{SiloClusterOptions.SectionName}:ClusterId", failures);
        Agree(pod.ServiceId, PodEnvironment.ServiceIdVariable, cluster.ServiceId, $"{SiloClusterOptions.SectionName}:ServiceId", failures);
        var watch = options.WatchPods ?? pod.ApiServerHost is not null;
        if (watch && pod.ApiServerHost is null)
        {
            failures.Add($"{KubernetesSiloOptions.SectionName}:WatchPods is true, but {PodEnvironment.ApiServerHostVariable} is not set: the pod watcher needs the Kubernetes API.");
        }

        if (failures.Count > 0)
        {
            throw Failure(failures);
        }

        var advertised = string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress) ? podAddress : null;
        return new(true, watch, advertised, pod);
    }

    private static void Agree(string? variable, string variableName, string configured, string key, List<string> failures)
    {
        if (variable is not null && !string.Equals(variable, configured, StringComparison.Ordinal))
        {
            failures.Add($"{variableName} is '{variable}' but {key} is '{configured}'; Orleans' Kubernetes hosting would silently use the variable. Unset it or make them equal (the manifests set {key} from the pod label).");
        }
    }

    private static OptionsValidationException Failure(List<string> failures)
        => new(KubernetesSiloOptions.SectionName, typeof(KubernetesSiloOptions), failures);
}
