using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.Kubernetes;

/// <summary>Builds the one SocketsHttpHandler per cluster: custom CA trust, client certificates, HTTP/2 via ALPN.</summary>
internal static class KubernetesHttpHandler
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration config, ICredentialSource credentials)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };

        var staticCertificate = config.ClientCertificatePem is not null && config.ClientKeyPem is not null
            ? ClientCertificates.FromPem(config.ClientCertificatePem, config.ClientKeyPem, config.Source)
            : null;
        if (staticCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [staticCertificate];
        }
        else if (credentials is ExecCredentials)
        {
            // An exec plugin may hand out a certificate at run time; new connections pick up the current one.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => credentials.ClientCertificate!;
        }

        if (config.InsecureSkipTlsVerify)
        {
            // The kubeconfig explicitly asked for insecure-skip-tls-verify (kind, dev clusters).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.CertificateAuthorityPem is not null)
        {
            var authorities = ClientCertificates.CertificateAuthorities(config.CertificateAuthorityPem, config.Source);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(authorities, certificate, errors);
        }

        return handler;
    }

    /// <summary>Trusts exactly the configured CAs; the host name must still match.</summary>
    internal static bool ValidateAgainst(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
