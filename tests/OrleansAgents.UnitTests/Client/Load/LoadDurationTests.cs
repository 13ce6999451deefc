using OrleansAgents.Client.Cli.Load;

namespace OrleansAgents.Tests.Client.Load;

public sealed class LoadDurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 10S ", 10_000)]
    [InlineData("0ms", 0)]
    public void TryParse_WhenNumberWithUnit_ReturnsThatDuration(string text, double expectedMs)
    {
        Assert.True(LoadDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("10 minutes")]
    [InlineData("-5s")]
    [InlineData("5d")]
    public void TryParse_WhenNoUnitOrUnknown_Fails(string text) => Assert.False(LoadDuration.TryParse(text, out _));

    [Fact]
    public void Format_WhenWholeSecondsOrMilliseconds_UsesTheShortForm()
    {
        Assert.Equal("30s", LoadDuration.Format(TimeSpan.FromSeconds(30)));
        Assert.Equal("250ms", LoadDuration.Format(TimeSpan.FromMilliseconds(250)));
    }
}
