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
    public IReadOnlySet<int> Ports => Split(Urls).Select(u => Parse(u)?.Port ?? -1).ToHashSet();

    internal static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Kestrel's wildcard hosts (http://+:9090, http://*:9090) are not URIs; any host will do for reading the port.
    internal static Uri? Parse(string url)
        => Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null;
}

/// <summary>Checks every management URL names an explicit, non-zero port (requests are told apart by the port they arrive on).</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var bad = ManagementOptions.Split(options.Urls).Where(u => ManagementOptions.Parse(u) is not { } uri || uri.IsDefaultPort || uri.Port == 0).ToList();
        return ManagementOptions.Split(options.Urls).Length == 0 || bad.Count > 0
            ? ValidateOptionsResult.Fail($"Management:Urls must list URLs with an explicit non-zero port, e.g. http://127.0.0.1:9090; got '{options.Urls}'.")
            : ValidateOptionsResult.Success;
    }
}
