using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Security;

/// <summary>Per-caller rate limits on the API (configuration section <c>RateLimiting</c>); health and management endpoints are exempt.</summary>
public sealed class RateLimitingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>
    /// Default (null): on for every caller except anonymous loopback callers in Development (the embedded default and its
    /// tests). True: on for every caller. False: off.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Requests per minute per caller (a token bucket of this size refilling evenly). Default 100; 1 to 1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 100;

    /// <summary>Requests per minute by tier (the caller's <c>tier</c>: <c>Security:Clients:{i}:Tier</c> or a JWT claim). Default: none.</summary>
    public Dictionary<string, int> Tiers { get; set; } = [];
}

/// <summary>Checks each tier's permits are in range.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = options.Tiers.Where(t => t.Value is < 1 or > 1_000_000).Select(t => $"RateLimiting:Tiers:{t.Key} must be between 1 and 1000000; got {t.Value}.").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
