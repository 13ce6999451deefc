using System.ComponentModel.DataAnnotations;

namespace OrleansAgents.Routing;

/// <summary>Options of the task router (configuration section <c>Routing</c>).</summary>
public sealed class RouterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Routing";

    /// <summary>Multiplier of the user's affinity agent's score. Default 1.2 (a 20 % boost: enough to keep a user on a comparable agent, not on a clearly worse one); range 1–10.</summary>
    [Range(1.0, 10.0)]
    public double AffinityBoost { get; set; } = 1.2;

    /// <summary>
    /// Exponent of the text-match factor: each candidate's score is multiplied by (max(r, 0) / max r)^TextWeight, where r
    /// is the cosine of the task's text and the agent's profile (description, name and labels), so the best-matching
    /// candidate keeps its score and the others lose more the higher the weight. 0 ignores the text (no embedding is
    /// made). Default 4 (measured with the <c>routing</c> benchmark); range 0–16.
    /// </summary>
    [Range(0.0, 16.0)]
    public double TextWeight { get; set; } = 4;

    /// <summary>Weight of the newest observation in the latency and success EWMAs. Default 0.2; range 0.01–1.</summary>
    [Range(0.01, 1.0)]
    public double EwmaAlpha { get; set; } = 0.2;

    /// <summary>
    /// Latency at which predicted performance halves: performance = success × 1 / (1 + latency / scale). Default 100 ms;
    /// range 1 ms–1 min.
    /// </summary>
    [Range(1.0, 60_000.0)]
    public double LatencyScaleMs { get; set; } = 100;

    /// <summary>Latency an agent is assumed to have before the router has seen it answer. Default 50 ms; range 0–1 min.</summary>
    [Range(0.0, 60_000.0)]
    public double PriorLatencyMs { get; set; } = 50;

    /// <summary>Users whose affinity a router remembers (least recently used forgotten first). Default 10 000; range 1–10 000 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxUsers { get; set; } = 10_000;

    /// <summary>How long an unused learned affinity is kept. Default 1 h; range 1 s–30 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AffinityTtl { get; set; } = TimeSpan.FromHours(1);
}
