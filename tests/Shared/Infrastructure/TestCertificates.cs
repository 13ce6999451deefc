using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>
/// A cluster CA with a silo and a client certificate, plus an unrelated CA with a client certificate of its own, made at
/// run time and written as PEM into a temporary directory that <see cref="Dispose"/> deletes (no key is ever committed).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(string directory)
    {
        Directory = directory;
        using var ca = CreateAuthority("OrleansAgents test cluster CA");
        using var foreignCa = CreateAuthority("Unrelated CA");
        CaPath = WritePem("ca.crt", ca.ExportCertificatePem());
        ForeignCaPath = WritePem("foreign-ca.crt", foreignCa.ExportCertificatePem());
        Silo = Issue(ca, "silo", ServerAuth, ClientAuth);
        Client = Issue(ca, "client", ClientAuth);
        ForeignClient = Issue(foreignCa, "foreign-client", ClientAuth);
    }

    /// <summary>The temporary directory holding every file.</summary>
    public string Directory { get; }

    /// <summary>PEM of the cluster CA.</summary>
    public string CaPath { get; }

    /// <summary>PEM of the unrelated CA.</summary>
    public string ForeignCaPath { get; }

    /// <summary>Silo certificate (serverAuth + clientAuth, SAN 127.0.0.1 and localhost) signed by the cluster CA.</summary>
    public (string CertificatePath, string KeyPath) Silo { get; }

    /// <summary>Client certificate (clientAuth) signed by the cluster CA.</summary>
    public (string CertificatePath, string KeyPath) Client { get; }

    /// <summary>Client certificate (clientAuth) signed by the unrelated CA.</summary>
    public (string CertificatePath, string KeyPath) ForeignClient { get; }

    public static TestCertificates Create()
        => new(System.IO.Directory.CreateTempSubdirectory("orleans-agents-tls-").FullName);

    /// <summary>The <c>Orleans:Tls</c> command-line settings of a silo presenting <see cref="Silo"/>.</summary>
    public string[] SiloSettings() =>
    [
        $"--Orleans:Tls:CertificatePath={Silo.CertificatePath}",
        $"--Orleans:Tls:KeyPath={Silo.KeyPath}",
        $"--Orleans:Tls:CaPath={CaPath}",
    ];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    private (string CertificatePath, string KeyPath) Issue(X509Certificate2 authority, string name, params Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2), RandomNumberGenerator.GetBytes(16));
        return (WritePem($"{name}.crt", certificate.ExportCertificatePem()), WritePem($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    private string WritePem(string file, string pem)
    {
        var path = Path.Combine(Directory, file);
        File.WriteAllText(path, pem);
        return path;
    }
}
