using Microsoft.Extensions.Options;
using OrleansAgents.Security;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Mutual TLS on the silo-to-silo and gateway ports (configuration section <c>Orleans:Tls</c>). Off by default: with no
/// certificate configured both ports stay plaintext. When on, every peer (silo or client) must present a certificate
/// signed by <see cref="ClusterTlsOptions.CaPath"/>'s authority, and this silo presents its own to the silos it calls.
/// </summary>
public sealed class SiloTlsOptions : ClusterTlsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Orleans:Tls";
}

/// <summary>Checks of <see cref="SiloTlsOptions"/>: files exist, key and CA present, one certificate source.</summary>
internal sealed class SiloTlsOptionsValidator : IValidateOptions<SiloTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloTlsOptions options)
    {
        var failures = ClusterCertificates.Validate(options, SiloTlsOptions.SectionName);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
