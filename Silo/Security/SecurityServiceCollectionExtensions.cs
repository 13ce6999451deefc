using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Logging;
using Microsoft.IdentityModel.Tokens;
using OrleansAgents.Hosting;
using System.Text;

namespace OrleansAgents.Silo.Security;

/// <summary>Registers authentication (API keys and JWT behind one policy scheme), scope policies, identity binding and rate limits.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public const string SchemeName = "ApiKeyOrJwt";

    public static IServiceCollection AddAgentsSecurity(this IServiceCollection services)
    {
        services.AddValidatedOptions<SecurityOptions, SecurityOptionsValidator>(SecurityOptions.SectionName)
            .PostConfigure<IHostEnvironment>((o, env) => o.RequireAuthentication ??= !env.IsDevelopment());
        services.AddValidatedOptions<RateLimitingOptions, RateLimitingOptionsValidator>(RateLimitingOptions.SectionName);
        services.AddValidatedOptions<ManagementOptions, ManagementOptionsValidator>(ManagementOptions.SectionName);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<RateLimitInstruments>();

        services.AddDataProtection();
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new InMemoryXmlRepository());

        // Tokens and keys never reach a log: IdentityModel redacts personal data and security artifacts.
        IdentityModelEventSource.ShowPII = false;
        IdentityModelEventSource.LogCompleteSecurityArtifact = false;
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or JWT", o => o.ForwardDefaultSelector = http
                => ApiKeyCredentials.PresentsJwt(http.Request)
                   && http.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.Jwt.Enabled
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<SecurityOptions>>((o, security) => ConfigureJwt(o, security.Value.Jwt));

        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var scope in AgentScopes.All)
            {
                o.AddPolicy(scope, p => p.AddRequirements(new ScopeRequirement(scope)));
            }
        });
        services.AddRateLimiter(CallerRateLimits.Configure);
        return services;
    }

    public static IApplicationBuilder UseAgentsSecurity(this IApplicationBuilder app)
        => app.UseManagementPortGuard().UseAuthentication().UseAuthorization().UseRateLimiter();

    private static void ConfigureJwt(JwtBearerOptions options, JwtOptions jwt)
    {
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer) || !string.IsNullOrWhiteSpace(jwt.Authority),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKey = string.IsNullOrWhiteSpace(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
            NameClaimType = jwt.UserClaim,
        };
    }
}
