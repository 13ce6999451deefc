using System.Security.Cryptography.X509Certificates;

namespace OrleansAgents.Security;

/// <summary>
/// Mutual TLS between the members of a cluster (silo to silo, client to gateway): the certificate this process presents
/// and the certificate authority every peer's certificate must chain to. TLS is on when a certificate is configured
/// (<see cref="CertificatePath"/>, <see cref="Thumbprint"/> or <see cref="Subject"/>); with none, connections stay plaintext.
/// </summary>
public class ClusterTlsOptions
{
    /// <summary>
    /// PEM file of this process's certificate (a Kubernetes TLS Secret's <c>tls.crt</c>). A silo's certificate needs both
    /// the serverAuth and clientAuth extended key usages (it accepts and opens connections); a client's needs clientAuth.
    /// Default: none.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file of the private key of <see cref="CertificatePath"/> (<c>tls.key</c>). Required with it. Default: none.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// PEM file of the certificate authority (or authorities) that sign cluster members and clients (<c>ca.crt</c>).
    /// A peer whose certificate does not chain to one of them is refused; the system trust store is not used.
    /// Required when TLS is on. Default: none.
    /// </summary>
    public string? CaPath { get; set; }

    /// <summary>Thumbprint of a certificate (with its private key) in the certificate store, instead of PEM files. Default: none.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>Subject name of a certificate in the certificate store, when no <see cref="Thumbprint"/> is given. Default: none.</summary>
    public string? Subject { get; set; }

    /// <summary>Certificate store searched for <see cref="Thumbprint"/> or <see cref="Subject"/>. Default <see cref="StoreName.My"/>.</summary>
    public StoreName StoreName { get; set; } = StoreName.My;

    /// <summary>Location of <see cref="StoreName"/>. Default <see cref="StoreLocation.CurrentUser"/>.</summary>
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>Longest a TLS handshake may take before the connection is dropped. Default 10 s; range 1 s–5 min.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether any TLS setting is present; if not, connections are plaintext.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath)
        || !string.IsNullOrWhiteSpace(CaPath) || !string.IsNullOrWhiteSpace(Thumbprint) || !string.IsNullOrWhiteSpace(Subject);
}
