using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>
/// Finds loopback TCP ports nobody listens on, for silos started by tests. They come from below Linux's ephemeral range
/// (32768–60999): a port the kernel hands out for outgoing connections (and the suite opens many) could otherwise be
/// taken between this check and the silo binding it. Each port is handed out once per test run.
/// </summary>
internal static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Random Pick = new();

    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Pick.Next(First, Last);
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
