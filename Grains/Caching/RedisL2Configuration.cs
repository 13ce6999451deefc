using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansAgents.Redis;

namespace OrleansAgents.Caching;

/// <summary>
/// Points the Redis L2 at <c>ConnectionStrings:Redis</c> through the process's shared, fail-fast multiplexer
/// (<see cref="RedisConnections"/>): when clustering uses the same Redis, both share one connection.
/// </summary>
internal sealed class RedisL2Configuration(IConfiguration configuration, RedisConnections connections) : IConfigureOptions<RedisCacheOptions>
{
    public void Configure(RedisCacheOptions options)
    {
        var connection = configuration.GetConnectionString(CachingOptions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connection))
        {
            return;
        }

        options.ConnectionMultiplexerFactory = () => connections.GetAsync(connection);
        options.InstanceName = "";
    }
}
