using OrleansAgents.Client.Cli.Load;

namespace OrleansAgents.Tests.Client.Load;

public sealed class UserScheduleTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void UsersAt_WhenBaseline_IsSteadyThenZeroAfterTheRun()
    {
        var schedule = new UserSchedule(LoadScenario.Baseline, UserSchedule.DefaultUsers(LoadScenario.Baseline), S(30), TimeSpan.Zero);
        Assert.Equal([100, 100, 100, 0], new[] { S(0), S(15), S(29.9), S(30) }.Select(schedule.UsersAt));
    }

    [Fact]
    public void UsersAt_WhenStress_RampsLinearlyToTheThousandThenHolds()
    {
        var schedule = new UserSchedule(LoadScenario.Stress, UserSchedule.DefaultUsers(LoadScenario.Stress), S(60), UserSchedule.DefaultRamp(LoadScenario.Stress, S(60)));
        Assert.Equal([1, 500, 1000, 1000], new[] { S(0), S(15), S(30), S(59) }.Select(schedule.UsersAt));
    }

    [Fact]
    public void UsersAt_WhenSpike_GoesFromAHundredToAThousandInTenSecondsAndBack()
    {
        // 60 s with 10 s ramps: base 0–13.3, up 13.3–23.3, peak 23.3–36.7, down 36.7–46.7, base 46.7–60.
        var schedule = new UserSchedule(LoadScenario.Spike, 1000, S(60), UserSchedule.DefaultRamp(LoadScenario.Spike, S(60)));
        Assert.Equal(
            [100, 100, 550, 1000, 1000, 550, 100, 100],
            new[] { S(0), S(13), S(13 + 1 / 3.0 + 5), S(23.4), S(36), S(36 + 2 / 3.0 + 5), S(47), S(59.9) }.Select(schedule.UsersAt));
    }

    [Fact]
    public void DefaultDuration_WhenSoak_IsTenMinutes()
        => Assert.Equal(TimeSpan.FromMinutes(10), UserSchedule.DefaultDuration(LoadScenario.Soak));
}
