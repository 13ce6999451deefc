namespace OrleansAgents.Client.Cli.Load;

/// <summary>The seeds' load shapes.</summary>
internal enum LoadScenario
{
    /// <summary>Steady users (default 100) for the whole duration.</summary>
    Baseline,
    /// <summary>A linear ramp from one user to the peak (default 1000) over <c>--ramp</c>, then the peak.</summary>
    Stress,
    /// <summary>A tenth of the peak, up to the peak (default 1000) in <c>--ramp</c> (default 10 s), a hold, and back.</summary>
    Spike,
    /// <summary>Steady users (default 100) for a long duration (default 10 minutes).</summary>
    Soak,
}
