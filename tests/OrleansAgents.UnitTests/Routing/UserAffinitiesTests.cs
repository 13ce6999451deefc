using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Routing;

namespace OrleansAgents.Tests.Routing;

public sealed class UserAffinitiesTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private UserAffinities Create(int maxUsers = 100) => new(new RouterOptions { EwmaAlpha = 0.5, MaxUsers = maxUsers, AffinityTtl = TimeSpan.FromMinutes(10) }, _time);

    [Fact]
    public void Learn_WhenFirstSuccess_MakesThatAgentTheAffinity()
    {
        using var affinities = Create();
        affinities.Learn("u1", "a", 40, success: true);

        Assert.Equal("a", affinities.Get("u1"));
        Assert.Null(affinities.Get("u2"));
        Assert.False(affinities.IsExplicit("u1"));
    }

    [Fact]
    public void Learn_WhenAnotherAgentServesFaster_SwitchesAndASlowerOneDoesNot()
    {
        using var affinities = Create();
        affinities.Learn("u1", "a", 40, success: true);
        affinities.Learn("u1", "b", 60, success: true);
        Assert.Equal("a", affinities.Get("u1"));

        affinities.Learn("u1", "b", 30, success: true);
        Assert.Equal("b", affinities.Get("u1"));
    }

    [Fact]
    public void Learn_WhenAffinityAgentSlowsDown_ItsEwmaDecidesTheNextComparison()
    {
        using var affinities = Create();
        affinities.Learn("u1", "a", 40, success: true);
        affinities.Learn("u1", "a", 120, success: true); // EWMA 40 + 0.5 × 80 = 80
        affinities.Learn("u1", "b", 70, success: true);  // 70 < 80: b served the user better

        Assert.Equal("b", affinities.Get("u1"));
    }

    [Fact]
    public void Learn_WhenAffinityAgentFails_ForgetsIt()
    {
        using var affinities = Create();
        affinities.Learn("u1", "a", 40, success: true);
        affinities.Learn("u1", "b", 0, success: false); // another agent failing changes nothing
        Assert.Equal("a", affinities.Get("u1"));

        affinities.Learn("u1", "a", 0, success: false);
        Assert.Null(affinities.Get("u1"));
    }

    [Fact]
    public void Prefer_IsKeptAgainstFasterAgentsAndFailures()
    {
        using var affinities = Create();
        affinities.Prefer("u1", "c");
        affinities.Learn("u1", "a", 1, success: true);
        affinities.Learn("u1", "c", 0, success: false);

        Assert.Equal("c", affinities.Get("u1"));
        Assert.True(affinities.IsExplicit("u1"));
    }

    [Fact]
    public void Get_WhenUnusedLongerThanTtl_ForgetsTheUser()
    {
        using var affinities = Create();
        affinities.Learn("u1", "a", 40, success: true);
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("a", affinities.Get("u1")); // sliding: this read renews it

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(affinities.Get("u1"));
    }

    [Fact]
    public void Learn_WhenAnonymous_RemembersNothing()
    {
        using var affinities = Create();
        affinities.Learn(null, "a", 40, success: true);

        Assert.Null(affinities.Get(null));
    }
}

public sealed class CapabilitiesTests
{
    [Theory]
    [InlineData("security-scan", "security-scan")]
    [InlineData("  Security-Scan ", "security-scan")]
    [InlineData("ml_training.v2", "ml_training.v2")]
    public void Normalize_WhenValid_ReturnsTheRouterKey(string given, string expected) => Assert.Equal(expected, Capabilities.Normalize(given));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("security scan")]
    [InlineData("../etc")]
    public void Normalize_WhenInvalid_ThrowsNamingCapability(string? given)
        => Assert.Equal("capability", Assert.Throws<OrleansAgents.Errors.InvalidAgentRequestException>(() => Capabilities.Normalize(given)).Field);

    [Fact]
    public void Normalize_WhenTooLong_Throws()
        => Assert.Throws<OrleansAgents.Errors.InvalidAgentRequestException>(() => Capabilities.Normalize(new string('a', Capabilities.MaxLength + 1)));
}
