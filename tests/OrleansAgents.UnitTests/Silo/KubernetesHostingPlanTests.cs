using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using Orleans.Runtime;
using OrleansAgents.Silo.Hosting;

namespace OrleansAgents.Tests.Silo;

/// <summary>When the silo uses Orleans' Kubernetes hosting, decided from the pod's variables and configuration (no cluster).</summary>
public sealed class KubernetesHostingPlanTests
{
    private static readonly SiloClusterOptions Cluster = new() { ClusterId = "prod", ServiceId = "agents" };

    private static PodEnvironment Pod(params (string Name, string Value)[] variables)
        => PodEnvironment.From(name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static PodEnvironment InPod(params (string Name, string Value)[] more)
        => Pod([.. more, ("POD_NAME", "orleans-agents-7d9-x2"), ("POD_NAMESPACE", "agents"), ("POD_IP", "10.1.2.3")]); // first wins

    [Fact]
    public void Decide_WhenNoPodVariables_IsOff()
    {
        var plan = KubernetesHostingPlan.Decide(Pod(), Cluster, new KubernetesSiloOptions());
        Assert.Same(KubernetesHostingPlan.Off, plan);
    }

    [Theory]
    [InlineData("POD_NAME")]
    [InlineData("POD_NAMESPACE")]
    public void Decide_WhenOnlyOneOfNameAndNamespace_IsOff(string present)
    {
        var plan = KubernetesHostingPlan.Decide(Pod((present, "x"), ("POD_IP", "10.1.2.3"), ("KUBERNETES_SERVICE_HOST", "10.0.0.1")), Cluster, new KubernetesSiloOptions());
        Assert.False(plan.Enabled);
        Assert.False(plan.WatchPods);
        Assert.Null(plan.AdvertisedAddress);
    }

    [Fact]
    public void Decide_WhenInPodWithoutApiServer_EnabledWithoutWatcherAdvertisingPodIp()
    {
        var plan = KubernetesHostingPlan.Decide(InPod(), Cluster, new KubernetesSiloOptions());
        Assert.True(plan.Enabled);
        Assert.False(plan.WatchPods);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), plan.AdvertisedAddress);
        Assert.Equal("orleans-agents-7d9-x2", plan.Pod.PodName);
    }

    [Fact]
    public void Decide_WhenInPodWithApiServer_WatchesPods()
    {
        var plan = KubernetesHostingPlan.Decide(InPod(("KUBERNETES_SERVICE_HOST", "10.0.0.1")), Cluster, new KubernetesSiloOptions());
        Assert.True(plan.Enabled);
        Assert.True(plan.WatchPods);
    }

    [Fact]
    public void Decide_WhenWatchPodsFalseWithApiServer_DoesNotWatch()
    {
        var plan = KubernetesHostingPlan.Decide(InPod(("KUBERNETES_SERVICE_HOST", "10.0.0.1")), Cluster, new KubernetesSiloOptions { WatchPods = false });
        Assert.True(plan.Enabled);
        Assert.False(plan.WatchPods);
    }

    [Fact]
    public void Decide_WhenWatchPodsTrueWithoutApiServer_FailsNamingTheVariable()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => KubernetesHostingPlan.Decide(InPod(), Cluster, new KubernetesSiloOptions { WatchPods = true }));
        Assert.Equal(["Orleans:Kubernetes:WatchPods is true, but KUBERNETES_SERVICE_HOST is not set: the pod watcher needs the Kubernetes API."], ex.Failures);
    }

    [Fact]
    public void Decide_WhenWatchPodsTrueOutsidePod_FailsNamingThePodVariables()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => KubernetesHostingPlan.Decide(Pod(), Cluster, new KubernetesSiloOptions { WatchPods = true }));
        Assert.Equal(["Orleans:Kubernetes:WatchPods is true, but POD_NAME and POD_NAMESPACE are not both set: the silo is not in a Kubernetes pod."], ex.Failures);
    }

    [Fact]
    public void Decide_WhenAdvertisedAddressConfigured_ConfigurationWinsOverPodIp()
    {
        var cluster = new SiloClusterOptions { ClusterId = "prod", ServiceId = "agents", AdvertisedIPAddress = "192.168.7.7" };
        var plan = KubernetesHostingPlan.Decide(InPod(), cluster, new KubernetesSiloOptions());
        Assert.True(plan.Enabled);
        Assert.Null(plan.AdvertisedAddress);
    }

    [Fact]
    public void Decide_WhenPodIpMissing_LeavesAddressToTheUsualRule()
    {
        var plan = KubernetesHostingPlan.Decide(Pod(("POD_NAME", "p"), ("POD_NAMESPACE", "n")), Cluster, new KubernetesSiloOptions());
        Assert.True(plan.Enabled);
        Assert.Null(plan.AdvertisedAddress);
    }

    [Fact]
    public void Decide_WhenPodIpMalformed_FailsNamingTheVariable()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => KubernetesHostingPlan.Decide(InPod(("POD_IP", "not-an-ip")), Cluster, new KubernetesSiloOptions()));
        Assert.Equal(["POD_IP 'not-an-ip' is not an IP address."], ex.Failures);
    }

    [Fact]
    public void Decide_WhenOrleansIdVariablesAgreeWithConfiguration_Enabled()
    {
        var plan = KubernetesHostingPlan.Decide(InPod(("ORLEANS_CLUSTER_ID", "prod"), ("ORLEANS_SERVICE_ID", "agents")), Cluster, new KubernetesSiloOptions());
        Assert.True(plan.Enabled);
    }

    [Fact]
    public void Decide_WhenOrleansIdVariablesDisagree_FailsNamingBothSides()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            KubernetesHostingPlan.Decide(InPod(("ORLEANS_CLUSTER_ID", "staging"), ("ORLEANS_SERVICE_ID", "other")), Cluster, new KubernetesSiloOptions()));
        Assert.Equal(2, ex.Failures.Count());
        Assert.StartsWith("ORLEANS_CLUSTER_ID is 'staging' but Orleans:ClusterId is 'prod';", ex.Failures.First());
        Assert.StartsWith("ORLEANS_SERVICE_ID is 'other' but Orleans:ServiceId is 'agents';", ex.Failures.Last());
    }

    [Fact]
    public void Decide_WhenOrleansIdVariablesDisagreeOutsidePod_IsOff()
    {
        // Without the pod variables the package is not used, so nothing reads them.
        var plan = KubernetesHostingPlan.Decide(Pod(("ORLEANS_CLUSTER_ID", "staging")), Cluster, new KubernetesSiloOptions());
        Assert.False(plan.Enabled);
    }

    [Fact]
    public void UseKubernetesHostingInPod_WhenOff_RegistersNothing()
    {
        var services = new ServiceCollection();
        services.UseKubernetesHostingInPod(KubernetesHostingPlan.Off);
        Assert.Empty(services);
    }

    [Fact]
    public void UseKubernetesHostingInPod_WhenWatcherOff_RegistersHostingWithoutTheAgent()
    {
        var services = new ServiceCollection();
        services.UseKubernetesHostingInPod(KubernetesHostingPlan.Decide(InPod(), Cluster, new KubernetesSiloOptions()));
        Assert.Contains(services, d => d.ServiceType == typeof(IPostConfigureOptions<EndpointOptions>));
        Assert.Contains(services, d => d.ServiceType == typeof(IConfigureOptions<SiloOptions>));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(KubernetesClusterAgent));
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(KubernetesHostingReport));
    }

    [Fact]
    public void UseKubernetesHostingInPod_WhenWatcherOn_KeepsTheAgent()
    {
        var services = new ServiceCollection();
        services.UseKubernetesHostingInPod(KubernetesHostingPlan.Decide(InPod(("KUBERNETES_SERVICE_HOST", "10.0.0.1")), Cluster, new KubernetesSiloOptions()));
        Assert.Single(services, d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationType == typeof(KubernetesClusterAgent));
    }
}
