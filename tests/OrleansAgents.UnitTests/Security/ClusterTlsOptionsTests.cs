using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.Client;
using OrleansAgents.Security;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Security;

public sealed class ClusterTlsOptionsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Validate_WhenNothingConfigured_SucceedsAndTlsIsOff()
    {
        var options = new SiloTlsOptions();

        Assert.False(options.IsConfigured);
        Assert.True(new SiloTlsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_WhenFilesAreMissing_EachFailureNamesItsKey()
    {
        var missing = Path.Combine(_certificates.Directory, "absent.pem");
        var options = new SiloTlsOptions { CertificatePath = missing, KeyPath = missing, CaPath = missing };

        var result = new SiloTlsOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                $"Orleans:Tls:CertificatePath: file '{missing}' does not exist.",
                $"Orleans:Tls:KeyPath: file '{missing}' does not exist.",
                $"Orleans:Tls:CaPath: file '{missing}' does not exist.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_WhenKeyAndCaAbsent_FailsNamingThem()
    {
        var options = new SiloTlsOptions { CertificatePath = _certificates.Silo.CertificatePath };

        var result = new SiloTlsOptionsValidator().Validate(null, options);

        Assert.Equal(["Orleans:Tls:KeyPath is required when TLS is configured.", "Orleans:Tls:CaPath is required when TLS is configured."], result.Failures);
    }

    [Fact]
    public void Validate_WhenOnlyTheCaIsSet_FailsAskingForACertificate()
    {
        var result = new SiloTlsOptionsValidator().Validate(null, new SiloTlsOptions { CaPath = _certificates.CaPath });

        Assert.Equal(
            ["Orleans:Tls:CertificatePath and Orleans:Tls:KeyPath (or Orleans:Tls:Thumbprint/Subject) are required when Orleans:Tls:CaPath is set: mutual TLS presents a certificate."],
            result.Failures);
    }

    [Fact]
    public void Validate_WhenFilesAndStoreBothSet_FailsNamingTheConflict()
    {
        var options = new SiloTlsOptions
        {
            CertificatePath = _certificates.Silo.CertificatePath,
            KeyPath = _certificates.Silo.KeyPath,
            CaPath = _certificates.CaPath,
            Thumbprint = "ABCDEF",
        };

        var result = new SiloTlsOptionsValidator().Validate(null, options);

        Assert.Equal(["Orleans:Tls: set either CertificatePath and KeyPath (PEM files) or Thumbprint/Subject (certificate store), not both."], result.Failures);
    }

    [Fact]
    public void Validate_WhenPemFilesExist_Succeeds()
    {
        var options = new SiloTlsOptions { CertificatePath = _certificates.Silo.CertificatePath, KeyPath = _certificates.Silo.KeyPath, CaPath = _certificates.CaPath };

        Assert.True(new SiloTlsOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(ClusterCertificates.LoadCertificate(options, SiloTlsOptions.SectionName).HasPrivateKey);
    }

    [Fact]
    public void AddAgentClient_WhenTlsKeyMissing_FailsNamingTheClientKey()
    {
        var builder = Host.CreateApplicationBuilder();

        var ex = Assert.Throws<OptionsValidationException>(() => builder.Services.AddAgentClient(o =>
        {
            o.Tls.CertificatePath = _certificates.Client.CertificatePath;
            o.Tls.CaPath = _certificates.CaPath;
        }));

        Assert.Equal(["AgentClient:Tls:KeyPath is required when TLS is configured."], ex.Failures);
    }

    [Fact]
    public void IsSignedByAuthority_WhenCertificateIsFromTheClusterCa_True()
    {
        Assert.True(IsTrusted(_certificates.Client, _certificates.CaPath));
    }

    [Fact]
    public void IsSignedByAuthority_WhenCertificateIsFromAnotherCa_False()
    {
        Assert.False(IsTrusted(_certificates.ForeignClient, _certificates.CaPath));
    }

    [Fact]
    public void IsSignedByAuthority_WhenTheCertificateIsItsOwnRoot_False()
    {
        // A self-signed CA that is not the configured one: the system trust store is never consulted.
        Assert.False(IsTrusted((_certificates.ForeignCaPath, ""), _certificates.CaPath));
    }

    private static bool IsTrusted((string CertificatePath, string KeyPath) peer, string caPath)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(peer.CertificatePath);
        var authorities = ClusterCertificates.LoadAuthorities(new ClusterTlsOptions { CaPath = caPath });
        return ClusterCertificates.IsSignedByAuthority(certificate, presented: null, SslPolicyErrors.RemoteCertificateChainErrors, authorities);
    }
}
