using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrleansAgents.Security;

/// <summary>Loads and checks the certificates of <see cref="ClusterTlsOptions"/>; shared by the silo and the client SDK.</summary>
internal static class ClusterCertificates
{
    /// <summary>Failures of <paramref name="options"/>, each naming its configuration key under <paramref name="section"/>.</summary>
    public static List<string> Validate(ClusterTlsOptions options, string section)
    {
        var failures = new List<string>();
        if (!options.IsConfigured)
        {
            return failures;
        }

        var fromFiles = !string.IsNullOrWhiteSpace(options.CertificatePath) || !string.IsNullOrWhiteSpace(options.KeyPath);
        var fromStore = !string.IsNullOrWhiteSpace(options.Thumbprint) || !string.IsNullOrWhiteSpace(options.Subject);
        if (fromFiles && fromStore)
        {
            failures.Add($"{section}: set either CertificatePath and KeyPath (PEM files) or Thumbprint/Subject (certificate store), not both.");
        }
        else if (!fromFiles && !fromStore)
        {
            failures.Add($"{section}:CertificatePath and {section}:KeyPath (or {section}:Thumbprint/Subject) are required when {section}:CaPath is set: mutual TLS presents a certificate.");
        }
        else if (fromFiles)
        {
            RequireFile(failures, $"{section}:CertificatePath", options.CertificatePath);
            RequireFile(failures, $"{section}:KeyPath", options.KeyPath);
        }

        RequireFile(failures, $"{section}:CaPath", options.CaPath);
        if (options.HandshakeTimeout < TimeSpan.FromSeconds(1) || options.HandshakeTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:HandshakeTimeout ({options.HandshakeTimeout}) must be between 1 s and 5 min.");
        }

        return failures;
    }

    private static void RequireFile(List<string> failures, string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{key} is required when TLS is configured.");
        }
        else if (!File.Exists(path))
        {
            failures.Add($"{key}: file '{path}' does not exist.");
        }
    }

    /// <summary>The certificate, with its private key, this process presents.</summary>
    /// <exception cref="InvalidOperationException">No matching certificate with a private key is in the store.</exception>
    public static X509Certificate2 LoadCertificate(ClusterTlsOptions options, string section)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
            // Round trip through PKCS#12: SslStream on Windows refuses the ephemeral key of a PEM import.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }

        using var store = new X509Store(options.StoreName, options.StoreLocation);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var found = string.IsNullOrWhiteSpace(options.Thumbprint)
            ? store.Certificates.Find(X509FindType.FindBySubjectName, options.Subject!, validOnly: false)
            : store.Certificates.Find(X509FindType.FindByThumbprint, options.Thumbprint, validOnly: false);
        return found.Where(c => c.HasPrivateKey).OrderByDescending(c => c.NotAfter).FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"{section}: no certificate with a private key matches {(string.IsNullOrWhiteSpace(options.Thumbprint) ? $"Subject '{options.Subject}'" : $"Thumbprint '{options.Thumbprint}'")} in {options.StoreLocation}/{options.StoreName}.");
    }

    /// <summary>The certificate authorities of <see cref="ClusterTlsOptions.CaPath"/>.</summary>
    public static X509Certificate2Collection LoadAuthorities(ClusterTlsOptions options)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(options.CaPath!);
        return authorities;
    }

    /// <summary>
    /// Whether a peer's <paramref name="certificate"/> chains to one of <paramref name="authorities"/> (and only those:
    /// the system roots are not trusted). The host name is not checked: cluster membership is proven by the CA's signature,
    /// and pod addresses change.
    /// </summary>
    public static bool IsSignedByAuthority(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent, so that a chain through them builds without the system store.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
