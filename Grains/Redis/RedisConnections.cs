using System.Collections.Concurrent;
using StackExchange.Redis;

namespace OrleansAgents.Redis;

/// <summary>
/// The process's Redis connections: one <see cref="IConnectionMultiplexer"/> per distinct connection string, shared by
/// Orleans clustering and the L2 cache (a multiplexer is thread-safe and meant to be shared; each one costs sockets and
/// a reconnect loop). Settings are fail-fast: a down Redis must cost a request nothing, so the client never blocks on
/// (re)connecting and timeouts are short.
/// </summary>
public sealed class RedisConnections : IAsyncDisposable
{
    private static int s_instances;
    private readonly ConcurrentDictionary<string, Lazy<Task<IConnectionMultiplexer>>> _connections = new(StringComparer.Ordinal);
    private readonly List<IConnectionMultiplexer> _connected = [];
    private readonly List<Action<IConnectionMultiplexer>> _observers = [];

    /// <summary>The client name this process's multiplexers announce (visible in Redis <c>CLIENT LIST</c>), unless the connection string names one.</summary>
    public string ClientName { get; } = $"orleans-agents-{Environment.ProcessId}-{Interlocked.Increment(ref s_instances)}";

    /// <summary>How many multiplexers are open.</summary>
    public int Count => _connections.Count;

    /// <summary>The shared multiplexer for <paramref name="connectionString"/>, connected on first use.</summary>
    public Task<IConnectionMultiplexer> GetAsync(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var lazy = _connections.GetOrAdd(connectionString, cs => new Lazy<Task<IConnectionMultiplexer>>(() => ConnectAsync(cs)));
        return lazy.Value;
    }

    /// <summary>
    /// Calls <paramref name="observer"/> once with each multiplexer connected so far and with each one connected later
    /// (tracing instruments them this way: clustering may connect before the tracer provider exists).
    /// </summary>
    public void OnConnected(Action<IConnectionMultiplexer> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_observers)
        {
            _observers.Add(observer);
            _connected.ForEach(observer);
        }
    }

    /// <summary>Parses <paramref name="connectionString"/> with this project's fail-fast settings applied.</summary>
    public ConfigurationOptions Configure(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.ClientName ??= ClientName;
        return options;
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(Configure(connectionString));
            lock (_observers)
            {
                _connected.Add(connection);
                _observers.ForEach(observer => observer(connection));
            }

            return connection;
        }
        catch
        {
            _connections.TryRemove(connectionString, out _); // a malformed string fails again next time, with its own error
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _connections.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        _connections.Clear();
        lock (_observers)
        {
            _connected.Clear();
        }
    }
}
