namespace OrleansAgents.Silo.Security;

/// <summary>JWT bearer validation (<c>Security:Jwt</c>): a symmetric signing key, or an OIDC authority that publishes its keys.</summary>
public sealed class JwtOptions
{
    /// <summary>OIDC authority (its discovery document supplies issuer and keys). Default: none.</summary>
    public string? Authority { get; set; }

    /// <summary>Accepted issuer (<c>iss</c>). Required with <see cref="SigningKey"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Accepted audience (<c>aud</c>). Required whenever JWTs are accepted.</summary>
    public string? Audience { get; set; }

    /// <summary>HMAC-SHA256 signing key as text, at least 32 bytes of UTF-8. A secret: supply it from the environment. Default: none.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Claim holding the caller's tenant. Default <c>tenant</c>.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Claim holding the caller's user id. Default <c>sub</c>.</summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>Whether JWTs are accepted at all: a signing key or an authority is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(Authority);
}
