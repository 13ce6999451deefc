using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using OrleansAgents.Security;

namespace OrleansAgents.Client;

/// <summary>Mutual TLS from the client to the gateways, as <see cref="AgentClientOptions.Tls"/> configures it.</summary>
internal static class AgentClientTls
{
    /// <summary>Adds TLS to <paramref name="client"/> when <paramref name="tls"/> names a certificate; plaintext otherwise.</summary>
    /// <exception cref="OptionsValidationException">A TLS setting is missing or names a file that does not exist.</exception>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions tls)
    {
        if (!tls.IsConfigured)
        {
            return client;
        }

        // Orleans builds the connection middleware now, so the files are read now; check them first for a clear message.
        var failures = ClusterCertificates.Validate(tls, AgentClientOptionsValidator.TlsSectionName);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(AgentClientOptionsValidator.TlsSectionName, typeof(AgentClientOptions), failures);
        }

        var certificate = ClusterCertificates.LoadCertificate(tls, AgentClientOptionsValidator.TlsSectionName);
        var authorities = ClusterCertificates.LoadAuthorities(tls);
        return client.UseTls(o =>
        {
            o.LocalCertificate = certificate;
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate; // the gateways require one
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate; // and so do we of them
            o.RemoteCertificateValidation = (peer, chain, errors) => ClusterCertificates.IsSignedByAuthority(peer, chain, errors, authorities);
            o.HandshakeTimeout = tls.HandshakeTimeout;
        });
    }
}
