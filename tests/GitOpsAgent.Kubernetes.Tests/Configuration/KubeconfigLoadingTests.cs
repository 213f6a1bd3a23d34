using System.Net.Security;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

public class KubeconfigLoadingTests
{
    private static KubernetesConfigSources NoInCluster(TempDirectory dir, string? kubeconfigVariable = null) =>
        new(name => name == "KUBECONFIG" ? kubeconfigVariable : null, Path.Combine(dir.Path, "no-serviceaccount"), Path.Combine(dir.Path, "home"));

    private static string Kubeconfig(string server, string user, string currentContext = "main", string contextName = "main", string cluster = "c1", string userName = "u1", string ns = "") => $"""
        apiVersion: v1
        kind: Config
        current-context: {currentContext}
        clusters:
        - name: {cluster}
          cluster:
            server: {server}
        contexts:
        - name: {contextName}
          context:
            cluster: {cluster}
            user: {userName}
            {(ns.Length > 0 ? "namespace: " + ns : "")}
        users:
        - name: {userName}
          user:
        {user}
        """;

    [Fact]
    public void Load_ExplicitFileWithToken_ReadsServerTokenAndNamespace()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://k8s.example:6443", "    token: abc123", ns: "team-a"));

        var config = KubernetesClientConfiguration.Load(file, null);

        Assert.Equal(new Uri("https://k8s.example:6443"), config.Server);
        Assert.Equal("abc123", config.Token);
        Assert.Equal("team-a", config.Namespace);
        Assert.Equal("main", config.ContextName);
    }

    [Fact]
    public void Load_ExplicitFileMissing_ThrowsNamingIt()
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesClientConfiguration.Load("/nonexistent/kubeconfig", null));

        Assert.Contains("/nonexistent/kubeconfig", ex.Message);
    }

    [Fact]
    public void Load_TokenFileRelative_ResolvedAgainstKubeconfigDirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("sub/token", "file-token\n");
        var file = dir.Write("sub/config", Kubeconfig("https://k", "    tokenFile: token"));

        var config = KubernetesClientConfiguration.Load(file, null);

        Assert.Equal(Path.Combine(dir.Path, "sub", "token"), config.TokenFile);
    }

    [Fact]
    public void Load_NamedContext_SelectsItsClusterAndUser()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", $"""
            current-context: dev
            clusters:
            - name: dev
              cluster: {"{"}server: https://dev{"}"}
            - name: prod
              cluster: {"{"}server: https://prod{"}"}
            contexts:
            - name: dev
              context: {"{"}cluster: dev, user: dev{"}"}
            - name: prod
              context: {"{"}cluster: prod, user: prod, namespace: apps{"}"}
            users:
            - name: dev
              user: {"{"}token: dev-token{"}"}
            - name: prod
              user: {"{"}username: admin, password: hunter2{"}"}
            """);

        var config = KubernetesClientConfiguration.Load(file, "prod");

        Assert.Equal(new Uri("https://prod"), config.Server);
        Assert.Equal("apps", config.Namespace);
        Assert.Equal("admin", config.Username);
        Assert.Null(config.Token);
    }

    [Fact]
    public void Load_UnknownContext_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://k", "    token: t"));

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesClientConfiguration.Load(file, "staging"));

        Assert.Contains("\"staging\"", ex.Message);
    }

    [Fact]
    public void Load_KubeconfigVariableWithSeveralFiles_MergesFirstWins()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("one", Kubeconfig("https://one", "    token: t1", currentContext: "a", contextName: "a"));
        var second = dir.Write("two", Kubeconfig("https://two", "    token: t2", currentContext: "b", contextName: "b", cluster: "c2", userName: "u2")
            + "\n" + "");
        var shadow = dir.Write("three", Kubeconfig("https://shadowed", "    token: t3", currentContext: "a", contextName: "a"));
        var variable = string.Join(Path.PathSeparator, first, Path.Combine(dir.Path, "missing"), second, shadow);

        var current = KubernetesClientConfiguration.Load(null, null, NoInCluster(dir, variable));
        var other = KubernetesClientConfiguration.Load(null, "b", NoInCluster(dir, variable));

        Assert.Equal(new Uri("https://one"), current.Server);
        Assert.Equal("t1", current.Token);
        Assert.Equal(new Uri("https://two"), other.Server);
        Assert.Equal("t2", other.Token);
    }

    [Fact]
    public void Load_NoKubeconfigVariable_FallsBackToHomeConfig()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.kube/config", Kubeconfig("https://home", "    token: h"));

        var config = KubernetesClientConfiguration.Load(null, null, NoInCluster(dir));

        Assert.Equal(new Uri("https://home"), config.Server);
    }

    [Fact]
    public void Load_NothingAnywhere_ThrowsNamingEveryPlaceLooked()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesClientConfiguration.Load(null, null, NoInCluster(dir)));

        Assert.Contains("KUBERNETES_SERVICE_HOST", ex.Message);
        Assert.Contains("KUBECONFIG is not set", ex.Message);
        Assert.Contains(Path.Combine(dir.Path, "home", ".kube", "config"), ex.Message);
    }

    [Fact]
    public void Load_ClientCertificateDataRsaAndEc_BuildsHandlerCertificatesWithPrivateKeys()
    {
        using var dir = new TempDirectory();
        foreach (var (certificate, key) in new[] { TestCertificates.CreateClientRsa("rsa-user"), TestCertificates.CreateClientEc("ec-user") })
        {
            var file = dir.Write("config", Kubeconfig("https://k", $"    client-certificate-data: {TestCertificates.Base64(certificate)}\n    client-key-data: {TestCertificates.Base64(key)}"));

            var config = KubernetesClientConfiguration.Load(file, null);
            using var handler = KubernetesHttpHandler.Create(config, new NoCredentials());

            var clientCertificate = Assert.Single(handler.SslOptions.ClientCertificates!.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>());
            Assert.True(clientCertificate.HasPrivateKey);
            Assert.Equal(key, config.ClientKeyPem);
        }
    }

    [Fact]
    public void Load_ClientCertificateFiles_ReadsPemFromFiles()
    {
        using var dir = new TempDirectory();
        var (certificate, key) = TestCertificates.CreateClientEc("file-user");
        dir.Write("pki/client.crt", certificate);
        dir.Write("pki/client.key", key);
        var file = dir.Write("config", Kubeconfig("https://k", "    client-certificate: pki/client.crt\n    client-key: pki/client.key"));

        var config = KubernetesClientConfiguration.Load(file, null);

        Assert.Equal(certificate, config.ClientCertificatePem);
        Assert.Equal(key, config.ClientKeyPem);
    }

    [Fact]
    public void CertificateAuthorityData_TrustsExactlyThatCa()
    {
        using var dir = new TempDirectory();
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var otherCa = TestCertificates.CreateCa("other-ca");
        var file = dir.Write("config", Kubeconfig("https://k", "    token: t").Replace("    server: https://k", $"    server: https://k\n    certificate-authority-data: {TestCertificates.Base64(ca.ExportCertificatePem())}"));
        var config = KubernetesClientConfiguration.Load(file, null);
        var authorities = ClientCertificates.CertificateAuthorities(config.CertificateAuthorityPem!, "test");
        using var trusted = TestCertificates.CreateLeaf(ca, "k");
        using var untrusted = TestCertificates.CreateLeaf(otherCa, "k");

        Assert.True(KubernetesHttpHandler.ValidateAgainst(authorities, trusted, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubernetesHttpHandler.ValidateAgainst(authorities, untrusted, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(KubernetesHttpHandler.ValidateAgainst(authorities, trusted, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void Load_InsecureSkipTlsVerify_IsRead()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://k", "    token: t").Replace("    server: https://k", "    server: https://k\n    insecure-skip-tls-verify: true"));

        Assert.True(KubernetesClientConfiguration.Load(file, null).InsecureSkipTlsVerify);
    }
}
