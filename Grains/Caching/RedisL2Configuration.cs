using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OrleansAgents.Caching;

/// <summary>
/// Points the Redis L2 at <c>ConnectionStrings:Redis</c> with fail-fast settings: a down Redis must cost a request
/// nothing, so the client never blocks on (re)connecting and short timeouts hand the decision to the L2 pipeline.
/// </summary>
internal sealed class RedisL2Configuration(IConfiguration configuration) : IConfigureOptions<RedisCacheOptions>
{
    public void Configure(RedisCacheOptions options)
    {
        var connection = configuration.GetConnectionString(CachingOptions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connection))
        {
            return;
        }

        var redis = ConfigurationOptions.Parse(connection);
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = Math.Min(redis.ConnectTimeout, 2000);
        redis.AsyncTimeout = Math.Min(redis.AsyncTimeout, 1000);
        redis.SyncTimeout = Math.Min(redis.SyncTimeout, 1000);
        options.ConfigurationOptions = redis;
        options.InstanceName = "";
    }
}
