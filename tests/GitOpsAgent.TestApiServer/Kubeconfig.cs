using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.TestApiServer;

/// <summary>The kubeconfig text for a server.</summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string token, X509Certificate2? certificate)
    {
        var authority = certificate is null
            ? ""
            : $"\n    certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()))}";
        return $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {server.ToString().TrimEnd('/')}{authority}
        users:
        - name: test
          user:
            token: {token}
        contexts:
        - name: test
          context:
            cluster: test
            user: test
            namespace: default
        current-context: test
        """ + "\n";
    }
}
