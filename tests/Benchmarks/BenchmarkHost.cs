using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Benchmarks;

/// <summary>Shared plumbing of the benchmark commands: command-line values and free loopback ports.</summary>
internal static class BenchmarkHost
{
    public static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
