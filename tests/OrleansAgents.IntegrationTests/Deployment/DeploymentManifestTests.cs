using System.Globalization;
using System.Net.Http.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Hosting;
using OrleansAgents.Inference;
using OrleansAgents.Placement;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Silo.Security;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Deployment;

/// <summary>The rendered kustomize overlays checked against the silo they deploy: its options, ports, probes and shutdown.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class DeploymentManifestTests(RenderedOverlays overlays, SiloHostFixture silo) : IClassFixture<RenderedOverlays>
{
    public static TheoryData<string> Overlays => new(RenderedOverlay.Names);

    private static IReadOnlyDictionary<string, string> SiloEnvironment(RenderedOverlay overlay)
        => ContainerEnvironment.Resolve(
            overlay, overlay.SiloContainer, PodFacts.Of(overlay.Silo, "orleans-agents-0", "10.0.0.7"), (name, key) => $"secret {name}/{key}");

    [Fact]
    public void LoadAllFromString_WhenAFieldIsMisspelt_FailsInStrictMode()
    {
        // The guarantee every other test leans on: strict parsing rejects what the API server would reject.
        const string yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  portz: []\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, strict: true));
        Assert.Single(KubernetesYaml.LoadAllFromString(yaml.Replace("portz", "ports"), strict: true));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Render_EveryOverlay_HoldsTheSiloWorkload(string name)
    {
        var overlay = overlays[name];
        Assert.Equal("orleans-agents", overlay.Silo.Metadata.NamespaceProperty);
        Assert.Single(overlay.All<V1ServiceAccount>(), a => a.Metadata.Name == overlay.PodSpec.ServiceAccountName);
        Assert.Single(overlay.All<V1PodDisruptionBudget>());
        Assert.Single(overlay.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(["orleans-agents", "orleans-agents-gateway", "orleans-agents-management"], overlay.All<V1Service>().Select(s => s.Metadata.Name).Where(n => n.StartsWith("orleans-agents", StringComparison.Ordinal)).Order());
        Assert.Equal(name == "dev" ? 1 : 3, overlay.Silo.Spec.Replicas);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ContainerPorts_EveryOverlay_EqualTheSiloConfiguredPorts(string name)
    {
        var overlay = overlays[name];
        var configuration = ContainerEnvironment.ToConfiguration(SiloEnvironment(overlay));
        var cluster = configuration.ReadValidated(SiloClusterOptions.SectionName, new SiloClusterOptionsValidator());
        Assert.Equal(cluster.SiloPort, RenderedOverlay.Port(overlay.SiloContainer, "silo"));
        Assert.Equal(cluster.GatewayPort, RenderedOverlay.Port(overlay.SiloContainer, "gateway"));
        Assert.Equal(new Uri(configuration["ASPNETCORE_URLS"]!.Replace("+", "localhost", StringComparison.Ordinal)).Port, RenderedOverlay.Port(overlay.SiloContainer, "http"));

        var gateway = overlay.Single<V1Service>("orleans-agents-gateway").Spec.Ports.Single();
        Assert.Equal((cluster.GatewayPort, "gateway"), (gateway.Port, gateway.TargetPort.Value));
        var management = overlay.Single<V1Service>("orleans-agents-management").Spec.Ports.Single();
        Assert.Equal(
            (new ManagementOptions { Urls = configuration["Management:Urls"]! }.Ports.Single(), "management"),
            (RenderedOverlay.Port(overlay.SiloContainer, "management"), management.TargetPort.Value));
        Assert.Equal(management.Port.ToString(CultureInfo.InvariantCulture), overlay.Silo.Spec.Template.Metadata.Annotations["prometheus.io/port"]);
        var http = overlay.Single<V1Service>("orleans-agents").Spec.Ports.Single();
        Assert.Equal("http", http.TargetPort.Value);
        Assert.Equal(overlay.Silo.Spec.Template.Metadata.Labels["app.kubernetes.io/name"], overlay.Single<V1Service>("orleans-agents").Spec.Selector["app.kubernetes.io/name"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void EnvironmentNames_EveryOverlay_BindToARealOption(string name)
    {
        var overlay = overlays[name];
        var unbound = overlay.SiloImageContainers
            .SelectMany(c => ContainerEnvironment.Names(overlay, c))
            .Distinct()
            .Select(OptionKeys.Explain)
            .OfType<string>();
        Assert.Empty(unbound);
    }

    [Fact]
    public void Explain_WhenAVariableIsMisspelt_SaysWhy()
    {
        Assert.Null(OptionKeys.Explain("Inference__Devices__0"));
        Assert.Null(OptionKeys.Explain("Orleans__Kubernetes__WatchPods"));
        Assert.Equal("Inference__MaxBatchSise: InferenceOptions has no settable property 'MaxBatchSise'.", OptionKeys.Explain("Inference__MaxBatchSise"));
        Assert.Equal("Orleans__ClusterIdd: SiloClusterOptions has no settable property 'ClusterIdd'.", OptionKeys.Explain("Orleans__ClusterIdd"));
        Assert.Equal("Inferense__Devices__0: no options class has section 'Inferense'.", OptionKeys.Explain("Inferense__Devices__0"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probes_EveryOverlay_AnswerOkOnARealSilo(string name)
    {
        var container = overlays[name].SiloContainer;
        foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
        {
            Assert.Equal("http", probe.HttpGet.Port.Value);
            Assert.Equal(8080, RenderedOverlay.Port(container, "http"));
            using var response = await silo.Http.GetAsync(probe.HttpGet.Path);
            Assert.True(response.IsSuccessStatusCode, $"{probe.HttpGet.Path}: {(int)response.StatusCode}");
        }

        Assert.Equal(["/health/live", "/health/ready", "/health/live"], [container.StartupProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path]);
        Assert.True(container.StartupProbe.FailureThreshold * container.StartupProbe.PeriodSeconds >= 300, "startup gets at least 5 minutes (model generation)");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void TerminationGracePeriod_EveryOverlay_ExceedsShutdownTimeout(string name)
    {
        var overlay = overlays[name];
        var host = ContainerEnvironment.ToConfiguration(SiloEnvironment(overlay)).ReadValidated(ShutdownOptionsValidator.SectionName, new ShutdownOptionsValidator());
        Assert.Equal(TimeSpan.FromSeconds(30), host.ShutdownTimeout);
        Assert.True(TimeSpan.FromSeconds(overlay.PodSpec.TerminationGracePeriodSeconds!.Value) > host.ShutdownTimeout);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Hpa_EveryOverlay_ScalesOnCpuAndQueueDepthRemovingAtMostOnePodPer2Minutes(string name)
    {
        var hpa = Assert.Single(overlays[name].All<V2HorizontalPodAutoscaler>());
        Assert.Equal(("Deployment", "orleans-agents"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        var scaleDown = hpa.Spec.Behavior.ScaleDown;
        var policy = Assert.Single(scaleDown.Policies);
        Assert.Equal(("Pods", 1, 120), (policy.Type, policy.Value, policy.PeriodSeconds));
        Assert.True(scaleDown.StabilizationWindowSeconds >= 120);

        Assert.Equal("cpu", Assert.Single(hpa.Spec.Metrics, m => m.Type == "Resource").Resource.Name);
        var queue = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods").Pods;
        Assert.Equal(MonitoringRules.QueueDepthMetric, queue.Metric.Name);
        Assert.Equal("AverageValue", queue.Target.Type);
    }

    [Fact]
    public async Task AdapterRule_ServesTheSeriesTheSiloExports()
    {
        var rule = MonitoringRules.QueueDepthRule();
        Assert.Equal(("^inference_queue_depth$", MonitoringRules.QueueDepthMetric), (rule.Matches, rule.As));
        Assert.StartsWith("inference_queue_depth{", rule.SeriesQuery, StringComparison.Ordinal);

        // A silo exports the series once its inference queue exists: one request creates it.
        using (var invoke = await silo.Http.PostAsync("/api/agents/semgrep/invoke", JsonContent.Create(new { text = "hardcoded secret" })))
        {
            Assert.True(invoke.IsSuccessStatusCode);
        }

        var metrics = await silo.Management.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("inference_queue_depth{", StringComparison.Ordinal) && l.Contains("device=\"cpu\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Pdb_EveryOverlay_AllowsOneSiloDown(string name)
    {
        var overlay = overlays[name];
        var pdb = Assert.Single(overlay.All<V1PodDisruptionBudget>());
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.Null(pdb.Spec.MinAvailable);
        Assert.Equal(overlay.Silo.Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Role_EveryOverlay_GrantsWhatKubernetesHostingNeedsToTheSilosAccount(string name)
    {
        var overlay = overlays[name];
        var rule = Assert.Single(Assert.Single(overlay.All<V1Role>()).Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.Verbs.Order());
        var binding = Assert.Single(overlay.All<V1RoleBinding>());
        Assert.Equal(Assert.Single(overlay.All<V1Role>()).Metadata.Name, binding.RoleRef.Name);
        Assert.Equal(("ServiceAccount", overlay.PodSpec.ServiceAccountName, "orleans-agents"), (binding.Subjects.Single().Kind, binding.Subjects.Single().Name, binding.Subjects.Single().NamespaceProperty));
        Assert.True(overlay.PodSpec.AutomountServiceAccountToken);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_EveryOverlay_RollsOneAtATimeHardenedWithClusterIdentityFromPodLabels(string name)
    {
        var overlay = overlays[name];
        Assert.Equal(("0", "1"), (overlay.Silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, overlay.Silo.Spec.Strategy.RollingUpdate.MaxSurge.Value));
        var pod = overlay.PodSpec.SecurityContext;
        Assert.Equal((true, "RuntimeDefault"), (pod.RunAsNonRoot, pod.SeccompProfile.Type));
        foreach (var container in overlay.SiloImageContainers)
        {
            var security = container.SecurityContext;
            Assert.Equal((false, true), (security.AllowPrivilegeEscalation, security.ReadOnlyRootFilesystem));
            Assert.Equal(["ALL"], security.Capabilities.Drop);
        }

        Assert.Equal(["/cache", "/tmp"], overlay.SiloContainer.VolumeMounts.Select(m => m.MountPath).Order());
        Assert.All(overlay.PodSpec.Volumes, v => Assert.NotNull(v.EmptyDir));
        Assert.Contains(overlay.PodSpec.TopologySpreadConstraints, t => t.TopologyKey == "kubernetes.io/hostname");

        var labels = overlay.Silo.Spec.Template.Metadata.Labels;
        var environment = SiloEnvironment(overlay);
        Assert.Equal(labels["orleans/clusterId"], environment["Orleans__ClusterId"]);
        Assert.Equal(labels["orleans/serviceId"], environment["Orleans__ServiceId"]);
        Assert.Equal(("orleans-agents-0", "orleans-agents", "10.0.0.7"), (environment["POD_NAME"], environment["POD_NAMESPACE"], environment["POD_IP"]));
        Assert.Equal(["migrate"], Assert.Single(overlay.PodSpec.InitContainers).Args);
    }

    [Fact]
    public void GpuOverlay_RequestsAGpuAdvertisesAnAcceleratorAndBatchesForIt()
    {
        var overlay = overlays["gpu"];
        Assert.Equal("1", overlay.SiloContainer.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Contains(overlay.PodSpec.Tolerations, t => t.Key == "nvidia.com/gpu");
        Assert.Equal("true", overlay.PodSpec.NodeSelector["nvidia.com/gpu.present"]);
        Assert.EndsWith("-gpu", overlay.SiloContainer.Image, StringComparison.Ordinal);
        var configuration = ContainerEnvironment.ToConfiguration(SiloEnvironment(overlay));
        Assert.Equal("cuda:0", configuration["Inference:Devices:0"]);

        var inference = configuration.ReadValidated<InferenceOptions>(InferenceOptions.SectionName);
        Assert.True(new InferenceOptionsValidator().Validate(null, inference).Succeeded);
        Assert.Equal(new DeviceLimits(256, 2), inference.LimitsFor("cuda:0"));
        var capabilities = SiloCapabilities.From(inference, configuration.ReadValidated<PlacementOptions>(PlacementOptions.SectionName));
        Assert.Equal((1, "gpu"), (capabilities.AcceleratorCount, capabilities.Role));
        Assert.DoesNotContain("nvidia.com/gpu", overlays["production"].SiloContainer.Resources.Limits.Keys);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Secrets_EveryOverlay_CarryNoData(string name)
    {
        var overlay = overlays[name];
        Assert.All(overlay.All<V1Secret>(), s => Assert.True((s.Data?.Count ?? 0) + (s.StringData?.Count ?? 0) == 0, s.Metadata.Name));
        var secretRefs = overlay.SiloImageContainers.SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).ToList();
        if (name == "dev")
        {
            Assert.Empty(secretRefs); // the trial's in-namespace servers have no password
            return;
        }

        Assert.Equal(
            ["orleans-agents-connections/clustering", "orleans-agents-connections/postgres", "orleans-agents-connections/redis", "orleans-agents-credentials/admin-api-key",
                "orleans-agents-credentials/scrape-api-key"],
            secretRefs.Select(e => $"{e.ValueFrom.SecretKeyRef.Name}/{e.ValueFrom.SecretKeyRef.Key}").Distinct().Order());
    }
}
