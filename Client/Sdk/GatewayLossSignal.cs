namespace OrleansAgents.Client;

/// <summary>
/// Tells in-flight calls that a gateway connection just closed. A silo killed outright takes the calls it was serving
/// with it, and an Orleans client would otherwise wait the full response timeout (30 s) for answers that will never
/// come. Each call watches <see cref="Token"/>; when a gateway goes away the token fires, the call is abandoned and the
/// SDK's retry sends it again with the same RequestId (so the cluster logs it once), reaching the agent on a surviving
/// silo as soon as membership has declared the dead one gone.
/// </summary>
internal sealed class GatewayLossSignal : IClusterConnectionStatusObserver, IDisposable
{
    private CancellationTokenSource _current = new();

    /// <summary>Fires at the next gateway loss.</summary>
    public CancellationToken Token => Volatile.Read(ref _current).Token;

    private int _losses;

    /// <summary>How many gateway losses have been signalled.</summary>
    public int Losses => Volatile.Read(ref _losses);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Signal();
        }
    }

    public void NotifyClusterConnectionLost() => Signal();

    /// <summary>Abandons every call in flight now (they retry); later calls watch a fresh token.</summary>
    internal void Signal()
    {
        var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        Interlocked.Increment(ref _losses);
        try
        {
            previous.Cancel();
        }
        finally
        {
            previous.Dispose();
        }
    }

    public void Dispose() => Volatile.Read(ref _current).Dispose();
}
