namespace OrleansAgents.Client.Cli.Load;

/// <summary>A <c>load</c> run as the command line asked for it, defaults resolved.</summary>
internal sealed record LoadSettings
{
    public required LoadScenario Scenario { get; init; }
    public required string Target { get; init; }
    public required UserSchedule Schedule { get; init; }
    /// <summary>Requests per second of an open-loop run; null for virtual users.</summary>
    public double? Rate { get; init; }
    public TimeSpan Think { get; init; }
    public bool CacheEnabled { get; init; } = true;
    public double Zipf { get; init; } = 1.0;
    public int Seed { get; init; } = 42;
    public double PrivateShare { get; init; } = 0.2;
    public string? JsonPath { get; init; }
    public string? HtmlPath { get; init; }
    public IReadOnlyList<LoadThreshold> Thresholds { get; init; } = [];
}
