using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Bounds of the host's <see cref="HostOptions.ShutdownTimeout"/> (section <c>HostOptions</c>, e.g.
/// <c>HostOptions__ShutdownTimeout=00:00:30</c>): how long a silo may take to drain after SIGTERM. A deployment's grace
/// period (Kubernetes' <c>terminationGracePeriodSeconds</c>) must exceed it, or the silo is killed mid-drain.
/// </summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<HostOptions>
{
    /// <summary>Configuration section bound to <see cref="HostOptions"/>.</summary>
    public const string SectionName = "HostOptions";

    public ValidateOptionsResult Validate(string? name, HostOptions options)
        => options.ShutdownTimeout >= TimeSpan.FromSeconds(1) && options.ShutdownTimeout <= TimeSpan.FromMinutes(10)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"HostOptions:ShutdownTimeout is {options.ShutdownTimeout}; it must be between 1 s and 10 min.");
}
