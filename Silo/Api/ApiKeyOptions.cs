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
