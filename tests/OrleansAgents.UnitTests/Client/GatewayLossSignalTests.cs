using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Client;

namespace OrleansAgents.Tests.Client;

public sealed class GatewayLossSignalTests
{
    [Fact]
    public void NotifyGatewayCountChanged_WhenAGatewayIsLost_CancelsTheCallsInFlightOnly()
    {
        using var signal = new GatewayLossSignal();
        var inFlight = signal.Token;

        signal.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);

        Assert.True(inFlight.IsCancellationRequested);
        Assert.False(signal.Token.IsCancellationRequested); // calls started afterwards watch a fresh token
        Assert.Equal(1, signal.Losses);
    }

    [Fact]
    public void NotifyGatewayCountChanged_WhenGatewaysAreAdded_CancelsNothing()
    {
        using var signal = new GatewayLossSignal();
        var inFlight = signal.Token;

        signal.NotifyGatewayCountChanged(3, 2, connectionRecovered: true);

        Assert.False(inFlight.IsCancellationRequested);
        Assert.Equal(0, signal.Losses);
    }

    [Fact]
    public void NotifyClusterConnectionLost_CancelsTheCallsInFlight()
    {
        using var signal = new GatewayLossSignal();
        var inFlight = signal.Token;

        signal.NotifyClusterConnectionLost();

        Assert.True(inFlight.IsCancellationRequested);
    }

    [Fact]
    public void IsTransient_WhenGatewayLost_IsRetried() => Assert.True(AgentClient.IsTransient(new GatewayLostException("semgrep")));

    [Theory]
    [InlineData(-1, 200, 1000)]
    [InlineData(101, 200, 1000)]
    [InlineData(3, 0, 1000)]
    [InlineData(3, 500, 100)]
    [InlineData(3, 200, 120_000)]
    public void AddAgentClient_WhenRetrySettingsOutOfRange_ThrowsNamingTheSetting(int attempts, int baseMs, int maxMs)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddAgentClient(o =>
        {
            o.MaxRetryAttempts = attempts;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(baseMs);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(maxMs);
        }));
        Assert.StartsWith("AgentClientOptions.", ex.Message);
    }
}
