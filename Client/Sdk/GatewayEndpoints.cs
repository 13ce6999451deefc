using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Client;

/// <summary>Turns the <c>host:port</c> texts of <see cref="AgentClientOptions.Gateways"/> into endpoints.</summary>
internal static class GatewayEndpoints
{
    /// <summary>The gateway a client uses when none is configured: the local silo's.</summary>
    public static readonly IPEndPoint LocalSilo = new(IPAddress.Loopback, 30000);

    /// <summary>Whether <paramref name="text"/> is an IP endpoint or a host name followed by a port in 1–65535.</summary>
    public static bool IsHostAndPort(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint.Port != 0;
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535;
    }

    /// <summary>The endpoints of <paramref name="gateways"/> (host names resolved to IPv4), or the local silo's when there are none.</summary>
    public static IReadOnlyList<IPEndPoint> Resolve(IReadOnlyCollection<string> gateways)
        => gateways.Count == 0 ? [LocalSilo] : [.. gateways.Select(Parse)];

    private static IPEndPoint Parse(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        if (!IsHostAndPort(text))
        {
            throw new ArgumentException($"Gateway '{text}' is not host:port.", nameof(text));
        }

        var colon = text.LastIndexOf(':');
        var host = Dns.GetHostAddresses(text[..colon]).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new ArgumentException($"Gateway host '{text[..colon]}' has no IPv4 address.", nameof(text));
        return new IPEndPoint(host, int.Parse(text.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
