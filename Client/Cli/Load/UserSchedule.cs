namespace OrleansAgents.Client.Cli.Load;

/// <summary>How many virtual users a scenario wants at each moment of the run.</summary>
internal sealed record UserSchedule(LoadScenario Scenario, int Peak, TimeSpan Duration, TimeSpan Ramp)
{
    /// <summary>Peak users of <paramref name="scenario"/> when <c>--users</c> is not given.</summary>
    public static int DefaultUsers(LoadScenario scenario) => scenario is LoadScenario.Stress or LoadScenario.Spike ? 1000 : 100;

    /// <summary>Duration of <paramref name="scenario"/> when <c>--duration</c> is not given.</summary>
    public static TimeSpan DefaultDuration(LoadScenario scenario) => scenario == LoadScenario.Soak ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    /// <summary>Ramp of <paramref name="scenario"/> when <c>--ramp</c> is not given: 10 s for a spike, half the run for stress.</summary>
    public static TimeSpan DefaultRamp(LoadScenario scenario, TimeSpan duration) => scenario switch
    {
        LoadScenario.Spike => TimeSpan.FromSeconds(10),
        LoadScenario.Stress => duration / 2,
        _ => TimeSpan.Zero,
    };

    /// <summary>The spike's resting level: a tenth of the peak (100 of 1000).</summary>
    public int Base => Math.Max(1, Peak / 10);

    /// <summary>Users wanted <paramref name="elapsed"/> into the run; 0 once the run is over.</summary>
    public int UsersAt(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero || elapsed >= Duration)
        {
            return 0;
        }

        return Scenario switch
        {
            LoadScenario.Stress => Ramp <= TimeSpan.Zero || elapsed >= Ramp ? Peak : Lerp(1, Peak, elapsed / Ramp),
            LoadScenario.Spike => SpikeAt(elapsed),
            _ => Peak,
        };
    }

    // base | ramp up | peak | ramp down | base: the three flat parts share what the two ramps leave.
    private int SpikeAt(TimeSpan elapsed)
    {
        var ramp = TimeSpan.FromTicks(Math.Min(Ramp.Ticks, Duration.Ticks / 3));
        var flat = (Duration - 2 * ramp) / 3;
        var upStart = flat;
        var peakStart = upStart + ramp;
        var downStart = peakStart + flat;
        var downEnd = downStart + ramp;
        if (elapsed < upStart || elapsed >= downEnd)
        {
            return Base;
        }

        if (elapsed < peakStart)
        {
            return Lerp(Base, Peak, ramp <= TimeSpan.Zero ? 1 : (elapsed - upStart) / ramp);
        }

        return elapsed < downStart ? Peak : Lerp(Peak, Base, ramp <= TimeSpan.Zero ? 1 : (elapsed - downStart) / ramp);
    }

    private static int Lerp(int from, int to, double fraction) => (int)Math.Round(from + (to - from) * Math.Clamp(fraction, 0, 1));
}
