using k8s;
using k8s.Models;
using OrleansAgents.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansAgents.Tests.Observability;

/// <summary>The dashboard and the alert rules read only series that a real silo exports, under the names it exports them.</summary>
[Collection(ScrapedSiloCollection.Name)]
public sealed class MonitoringFilesTests(ScrapedSilo silo)
{
    /// <summary>The alerts operators are promised (README, Operations).</summary>
    private static readonly string[] ExpectedAlerts =
    [
        "InferenceQueueFull", "AgentLatencyP95AboveSlo", "AgentErrorRatioHigh", "L2CacheBypassSustained", "RequestLogRowsDropped",
        "RequestLogAckTimeouts", "ActiveSilosBelowDesired", "HttpServerErrors",
    ];

    [Fact]
    public void MetricNames_OfAnExpression_AreItsSeriesWithoutFunctionsLabelsOrKeywords()
    {
        const string expression = """
            histogram_quantile(0.95, sum by (tier, le) (rate(agents_request_duration_seconds_bucket{job="$job", tier=~"light|heavy"}[$__rate_interval])))
              > on (tier) group_left clamp_min(count(target_info offset 5m) or vector(0), 1e3) and ignoring(le) up unless bool sum without (pod) (x:recorded)
            """;

        Assert.Equal(
            new HashSet<string> { "agents_request_duration_seconds_bucket", "target_info", "up", "x:recorded" },
            PromQl.MetricNames(expression).ToHashSet());
    }

    [Fact]
    public void Dashboard_EveryPanelQuery_ReadsOnlySeriesTheSiloExports()
    {
        var queries = MonitoringFiles.DashboardQueries();

        Assert.NotEmpty(queries);
        Assert.All(queries, query => AssertReadsOnlyExportedSeries($"panel '{query.Panel}'", query.Expression));
    }

    [Fact]
    public void AlertRules_EveryExpression_ReadsOnlySeriesTheSiloExports()
    {
        var alerts = MonitoringFiles.Alerts();

        Assert.Equal(ExpectedAlerts.Order(), alerts.Select(a => a.Alert).Order());
        Assert.All(alerts, alert => AssertReadsOnlyExportedSeries($"alert {alert.Alert}", alert.Expression));
    }

    [Fact]
    public void ServiceMonitor_SelectsOnlyTheManagementServiceAndNamesTheJobTheRulesSelect()
    {
        var services = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "k8s", "base", "services.yaml")), strict: true)
            .OfType<V1Service>().ToList();
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(MonitoringFiles.Folder, "servicemonitor.yaml")))
        {
            yaml.Load(reader);
        }

        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["spec"];
        var selector = ((YamlMappingNode)((YamlMappingNode)spec["selector"])["matchLabels"]).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!);
        var selected = Assert.Single(services, s => selector.All(label => s.Metadata.Labels.TryGetValue(label.Key, out var value) && value == label.Value));
        Assert.Equal("orleans-agents-management", selected.Metadata.Name);

        var endpoint = (YamlMappingNode)((YamlSequenceNode)spec["endpoints"]).Children.Single();
        Assert.Equal(("management", "/metrics"), (((YamlScalarNode)endpoint["port"]).Value, ((YamlScalarNode)endpoint["path"]).Value));
        Assert.Equal("management", Assert.Single(selected.Spec.Ports).Name);

        // The job label Prometheus gives the series is the Service's label named by jobLabel: what every rule selects.
        var job = selected.Metadata.Labels[((YamlScalarNode)spec["jobLabel"]).Value!];
        Assert.All(MonitoringFiles.Alerts(), alert => Assert.Contains($"job=\"{job}\"", alert.Expression, StringComparison.Ordinal));
    }

    private void AssertReadsOnlyExportedSeries(string reader, string expression)
    {
        var names = PromQl.MetricNames(expression);
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(silo.SeriesNames.Contains(name), $"{reader} reads {name}, which the silo does not export: {expression}"));
    }
}
