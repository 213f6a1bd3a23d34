using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.Kubernetes;

/// <summary>Client certificate plus private key (RSA or EC, PKCS#1, SEC1 or PKCS#8 PEM) as one usable certificate.</summary>
internal static class ClientCertificates
{
    public static X509Certificate2 FromPem(string certificatePem, string keyPem, string source)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException ex)
        {
            // The exception text can quote PEM content; name only where it came from.
            throw new KubernetesConfigException($"{source}: the client certificate or key is not valid PEM ({ex.GetType().Name})");
        }
    }

    public static X509Certificate2Collection CertificateAuthorities(string pem, string source)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new KubernetesConfigException($"{source}: the certificate authority is not valid PEM");
        }

        return collection.Count > 0 ? collection : throw new KubernetesConfigException($"{source}: the certificate authority holds no certificate");
    }
}
