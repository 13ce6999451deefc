using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansAgents.Errors;
using OrleansAgents.Silo.Api;

namespace OrleansAgents.Silo.Security;

/// <summary>
/// The per-caller token buckets: partitioned by tenant+user, else by client, else (anonymous) by remote IP; sized by the
/// caller's tier or <see cref="RateLimitingOptions.PermitsPerMinute"/>.
/// </summary>
internal static class CallerRateLimits
{
    public const string PolicyName = "per-caller";

    // The partitioned limiter replenishes about every 100 ms; never ask for a finer period than that.
    private static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(100);

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PolicyName, Partition);
        limiter.OnRejected = OnRejectedAsync;
    }

    internal static RateLimitPartition<string> Partition(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
        var (kind, key, tier) = Caller(http);
        var exempt = options.Enabled == false
            || (options.Enabled is null && kind == "ip" && http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
                && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip));
        if (exempt)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var permits = tier is not null && options.Tiers.TryGetValue(tier, out var p) ? p : options.PermitsPerMinute;
        return RateLimitPartition.GetTokenBucketLimiter($"{key}|{permits}", _ => Bucket(permits));
    }

    /// <summary>A bucket of <paramref name="permits"/> tokens refilled evenly over a minute.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int permits)
    {
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(permits * MinPeriod.TotalMinutes));
        return new()
        {
            TokenLimit = permits,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * tokensPerPeriod / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static (string Kind, string Key, string? Tier) Caller(HttpContext http)
    {
        var user = http.User;
        if (user.IsAuthenticated())
        {
            var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.Jwt;
            var tier = user.FindFirst(AgentClaims.Tier)?.Value;
            if (user.FindFirst(jwt.UserClaim)?.Value is { } userId)
            {
                return ("user", $"user:{user.FindFirst(jwt.TenantClaim)?.Value}/{userId}", tier);
            }

            if (user.FindFirst(AgentClaims.Client)?.Value is { } client)
            {
                return ("client", $"client:{client}", tier);
            }
        }

        return ("ip", $"ip:{http.Connection.RemoteIpAddress}", null);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<RateLimitInstruments>().OnRejected(Caller(http).Kind);
        await AgentProblems.Result(AgentErrorCode.RateLimited, $"Too many requests from this caller; retry after {retryAfter} s.").ExecuteAsync(http);
    }
}
