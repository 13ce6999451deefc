using System.Text.Json.Nodes;
using OrleansAgents.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansAgents.Tests.Observability;

/// <summary>The alert rules, their promtool unit tests and the Grafana dashboard of <c>k8s/monitoring/</c>.</summary>
internal static class MonitoringFiles
{
    public const string Rules = "orleans-agents.rules.yaml";
    public const string RulesTests = "orleans-agents.rules.test.yaml";
    public const string Dashboard = "grafana-dashboard.json";

    public static string Folder { get; } = Path.Combine(TestPaths.RepositoryRoot, "k8s", "monitoring");

    /// <summary>Every alerting rule: its name and expression.</summary>
    public static IReadOnlyList<(string Alert, string Expression)> Alerts()
        => [.. Sequence(Load(Rules), "groups")
            .SelectMany(group => Sequence(group, "rules"))
            .Select(rule => (Text(rule, "alert"), Text(rule, "expr")))];

    /// <summary>Every alert a promtool unit test expects at one evaluation time, with whether it expects it to fire.</summary>
    public static IReadOnlyList<(string Alert, bool Fires)> AlertExpectations()
        => [.. Sequence(Load(RulesTests), "tests")
            .SelectMany(test => Sequence(test, "alert_rule_test"))
            .Select(check => (Text(check, "alertname"), check.Children.ContainsKey("exp_alerts") && Sequence(check, "exp_alerts").Any()))];

    /// <summary>Every query of every dashboard panel (rows' panels included): the panel's title and the PromQL.</summary>
    public static IReadOnlyList<(string Panel, string Expression)> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, Dashboard)))!;
        return [.. Panels(dashboard["panels"]!.AsArray())
            .SelectMany(panel => (panel["targets"]?.AsArray() ?? []).Select(target => (panel["title"]!.GetValue<string>(), target!["expr"]!.GetValue<string>())))];
    }

    private static IEnumerable<JsonNode> Panels(JsonArray panels)
        => panels.SelectMany(panel => panel!["panels"] is JsonArray nested ? [panel, .. Panels(nested)] : (IEnumerable<JsonNode>)[panel]);

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, file)))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key)
        => ((YamlSequenceNode)node[key]).Children.Cast<YamlMappingNode>();

    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
