using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Security;

/// <summary>The management endpoint serving the dashboard and <c>/metrics</c>, off the public port (section <c>Management</c>).</summary>
public sealed class ManagementOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Management";

    /// <summary>Listening URLs, separated by ';', each with an explicit port. Default <c>http://127.0.0.1:9090</c> (cluster-internal <c>http://0.0.0.0:9090</c> in Kubernetes).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9090";

    /// <summary>Whether the Orleans dashboard runs (it profiles every grain call). Default true.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>The ports of <see cref="Urls"/>.</summary>
    public IReadOnlySet<int> Ports => Split(Urls).Select(u => Uri.TryCreate(u.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri) ? uri.Port : -1).ToHashSet();

    internal static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Checks every management URL names an explicit, non-zero port (requests are told apart by the port they arrive on).</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var bad = ManagementOptions.Split(options.Urls).Where(u => !Uri.TryCreate(u.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri)
            || uri.IsDefaultPort || uri.Port == 0).ToList();
        return ManagementOptions.Split(options.Urls).Length == 0 || bad.Count > 0
            ? ValidateOptionsResult.Fail($"Management:Urls must list URLs with an explicit non-zero port, e.g. http://127.0.0.1:9090; got '{options.Urls}'.")
            : ValidateOptionsResult.Success;
    }
}
