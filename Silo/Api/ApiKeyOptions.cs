using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Api;

/// <summary>Authentication of state-changing HTTP endpoints (configuration section <c>Security</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// Keys accepted as <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> on endpoints that change state. Default:
    /// none, which leaves them open (the embedded default binds to 127.0.0.1). Supply keys through configuration or
    /// environment (<c>Security__ApiKeys__0</c>), never in code.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];
}

/// <summary>Rejects blank keys: a blank entry would close the protected endpoints to everyone without saying why.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var blank = options.ApiKeys.Select((key, i) => (key, i)).Where(k => string.IsNullOrWhiteSpace(k.key)).Select(k => $"Security:ApiKeys:{k.i} is blank.").ToList();
        return blank.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(blank);
    }
}
