using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Benchmarks;

/// <summary>Shared plumbing of the benchmark commands: free loopback ports.</summary>
internal static class BenchmarkHost
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
