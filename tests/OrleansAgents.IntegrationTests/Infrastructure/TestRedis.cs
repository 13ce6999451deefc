using System.Diagnostics;
using StackExchange.Redis;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>The real Redis the test script starts (ORLEANS_AGENTS_TEST_REDIS, default 127.0.0.1:6379), and private ones.</summary>
internal static class TestRedis
{
    public static string ConnectionString { get; } = Environment.GetEnvironmentVariable("ORLEANS_AGENTS_TEST_REDIS") is { Length: > 0 } value
        ? value
        : "127.0.0.1:6379";

    public static async Task<ConnectionMultiplexer> ConnectAsync(string? connection = null)
        => await ConnectionMultiplexer.ConnectAsync(connection ?? ConnectionString);

    /// <summary>Starts a private redis-server on <paramref name="port"/> (for tests that kill it); needs redis-server on PATH.</summary>
    public static Process StartServer(int port)
    {
        var info = new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start; ./test.sh installs it.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Waits until a server answers PING on <paramref name="port"/>.</summary>
    public static async Task WaitUntilUpAsync(int port)
    {
        var up = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=200");
                await redis.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                return false; // refused at once while the server starts: the bound is in time, not attempts
            }
        });
        if (!up)
        {
            throw new InvalidOperationException($"redis-server on port {port} did not come up.");
        }
    }
}
