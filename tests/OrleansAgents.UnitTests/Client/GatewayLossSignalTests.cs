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
}
