using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Security;

/// <summary>Who may call the HTTP API (configuration section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// Whether every API endpoint needs credentials. Default: false in Development (the loopback embedded default, where
    /// the body's identity is trusted), true in every other environment, where starting without any credentials
    /// configured is an error.
    /// </summary>
    public bool? RequireAuthentication { get; set; }

    /// <summary>
    /// Admin keys: each holds every scope (including <c>agents.impersonate</c>) and speaks for no tenant. When any is set,
    /// the admin endpoints need an admin-scoped credential even with authentication off. Default: none.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>API clients, each with its key, tenant, optional user, scopes and tier. Default: none.</summary>
    public List<ApiClientOptions> Clients { get; set; } = [];

    /// <summary>JWT bearer validation. Default: off.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Whether any key or JWT validation is configured.</summary>
    public bool HasCredentials => ApiKeys.Count > 0 || Clients.Count > 0 || Jwt.Enabled;
}

/// <summary>Checks keys, clients and JWT settings, and that required authentication has credentials to check against.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        failures.AddRange(options.ApiKeys.Select((key, i) => (key, i)).Where(k => string.IsNullOrWhiteSpace(k.key)).Select(k => $"Security:ApiKeys:{k.i} is blank."));
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            if (string.IsNullOrWhiteSpace(client.Key))
            {
                failures.Add($"Security:Clients:{i}:Key is required.");
            }

            if (string.IsNullOrWhiteSpace(client.Tenant))
            {
                failures.Add($"Security:Clients:{i}:Tenant is required.");
            }

            failures.AddRange(client.Scopes.Where(s => !AgentScopes.All.Contains(s)).Select(s => $"Security:Clients:{i}:Scopes has unknown scope '{s}' (known: {string.Join(", ", AgentScopes.All)})."));
        }

        var keys = options.ApiKeys.Concat(options.Clients.Select(c => c.Key)).Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count != keys.Distinct(StringComparer.Ordinal).Count())
        {
            failures.Add("Security:ApiKeys and Security:Clients:*:Key must all differ (one key, one caller).");
        }

        ValidateJwt(options.Jwt, failures);
        if (options.RequireAuthentication == true && !options.HasCredentials)
        {
            failures.Add("Security:RequireAuthentication is true (the default outside Development) but no credentials are configured: "
                + "set Security:Clients:{i}:Key/Tenant/Scopes, Security:ApiKeys:{i}, or Security:Jwt:SigningKey/Issuer/Audience or Security:Jwt:Authority/Audience "
                + "(or set Security:RequireAuthentication=false for an open development silo).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> failures)
    {
        if (!jwt.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("Security:Jwt:Audience is required when JWTs are accepted.");
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            if (Encoding.UTF8.GetByteCount(jwt.SigningKey) < 32)
            {
                failures.Add("Security:Jwt:SigningKey must be at least 32 bytes (HMAC-SHA256).");
            }

            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                failures.Add("Security:Jwt:Issuer is required with Security:Jwt:SigningKey.");
            }
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
        {
            failures.Add("Security:Jwt:Authority must be an absolute URL.");
        }
    }
}
