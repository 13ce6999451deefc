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
        Assert.All(queries, query =>
        {
            var names = PromQl.MetricNames(query.Expression);
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(silo.SeriesNames.Contains(name), $"panel '{query.Panel}' reads {name}, which the silo does not export: {query.Expression}"));
        });
    }

    [Fact]
    public void AlertRules_EveryExpression_ReadsOnlySeriesTheSiloExports()
    {
        var alerts = MonitoringFiles.Alerts();

        Assert.Equal(ExpectedAlerts.Order(), alerts.Select(a => a.Alert).Order());
        Assert.All(alerts, alert =>
        {
            var names = PromQl.MetricNames(alert.Expression);
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(silo.SeriesNames.Contains(name), $"alert {alert.Alert} reads {name}, which the silo does not export: {alert.Expression}"));
        });
    }
}
