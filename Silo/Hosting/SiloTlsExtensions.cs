using Orleans.Connections.Security;
using OrleansAgents.Hosting;
using OrleansAgents.Security;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Turns on mutual TLS between silos and for gateway clients when <see cref="SiloTlsOptions"/> name a certificate.</summary>
internal static class SiloTlsExtensions
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        // Read now: Orleans' connection middleware is chosen while the host is built. Same checks again at start.
        var tls = configuration.ReadValidated(SiloTlsOptions.SectionName, new SiloTlsOptionsValidator());
        silo.Services.AddValidatedOptions<SiloTlsOptions, SiloTlsOptionsValidator>(SiloTlsOptions.SectionName);
        if (!tls.IsConfigured)
        {
            return silo;
        }

        var certificate = ClusterCertificates.LoadCertificate(tls, SiloTlsOptions.SectionName);
        var authorities = ClusterCertificates.LoadAuthorities(tls);
        return silo.UseTls(o =>
        {
            o.LocalCertificate = certificate;
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate; // inbound: silos and clients must present one
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate; // outbound to other silos: present ours
            o.RemoteCertificateValidation = (peer, chain, errors) => ClusterCertificates.IsSignedByAuthority(peer, chain, errors, authorities);
            o.HandshakeTimeout = tls.HandshakeTimeout;
        });
    }
}
