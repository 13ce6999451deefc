using OrleansAgents.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansAgents.Tests.Deployment;

/// <summary>The prometheus-adapter rule of <c>k8s/monitoring/</c> that turns the silo's gauge into the HPA's custom metric.</summary>
internal static class MonitoringRules
{
    /// <summary>The custom metric the HPA scales on.</summary>
    public const string QueueDepthMetric = "inference_queue_depth";

    public sealed record Rule(string SeriesQuery, string Matches, string As);

    /// <summary>The one custom rule of the adapter's Helm values.</summary>
    public static Rule QueueDepthRule()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestPaths.RepositoryRoot, "k8s", "monitoring", "prometheus-adapter-rules.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var rule = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)root["rules"])["custom"]).Children.Single();
        var metricName = (YamlMappingNode)rule["name"];
        return new(Text(rule["seriesQuery"]), Text(metricName["matches"]), Text(metricName["as"]));
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
