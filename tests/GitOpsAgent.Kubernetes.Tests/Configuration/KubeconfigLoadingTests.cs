using GitOpsAgent.TestSupport;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using k8s;
using k8s.Authentication;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

/// <summary>Our loading picks the right source and hands it to KubernetesClient correctly (security-sensitive wiring).</summary>
public class KubeconfigLoadingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KubernetesConfigSources NoInCluster(TempDirectory dir, string? kubeconfigVariable = null) =>
        new(name => name == "KUBECONFIG" ? kubeconfigVariable : null, Path.Combine(dir.Path, "home")) { IsInCluster = () => false };

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

    private const string TwoContexts = """
        current-context: dev
        clusters:
        - name: dev
          cluster: {server: "https://dev"}
        - name: prod
          cluster: {server: "https://prod"}
        contexts:
        - name: dev
          context: {cluster: dev, user: dev}
        - name: prod
          context: {cluster: prod, user: prod, namespace: apps}
        users:
        - name: dev
          user: {token: dev-token}
        - name: prod
          user: {username: admin, password: hunter2}
        """;

    [Fact]
    public void Load_ExplicitFileWithToken_ReadsServerTokenAndNamespace()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://k8s.example:6443", "    token: abc123", ns: "team-a"));

        var config = KubernetesConfigLoader.Load(file, null);

        Assert.Equal("https://k8s.example:6443", config.Host);
        Assert.Equal("abc123", config.AccessToken);
        Assert.Equal("team-a", config.Namespace);
        Assert.Equal("main", config.CurrentContext);
    }

    [Fact]
    public void Load_ExplicitFileMissing_ThrowsNamingIt()
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.Load("/nonexistent/kubeconfig", null));

        Assert.Contains("/nonexistent/kubeconfig", ex.Message);
    }

    [Fact]
    public void Load_NamedContext_SelectsItsClusterUserAndNamespace()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", TwoContexts);

        var config = KubernetesConfigLoader.Load(file, "prod");

        Assert.Equal("https://prod", config.Host);
        Assert.Equal("apps", config.Namespace);
        Assert.Equal("admin", config.Username);
        Assert.Null(config.AccessToken);
    }

    [Fact]
    public void FromKubeconfigText_NamedContext_SelectsItsCluster()
    {
        var current = KubernetesConfigLoader.FromKubeconfigText(TwoContexts, null);
        var named = KubernetesConfigLoader.FromKubeconfigText(TwoContexts, "prod");

        Assert.Equal("https://dev", current.Host);
        Assert.Equal("dev-token", current.AccessToken);
        Assert.Equal("https://prod", named.Host);
    }

    [Fact]
    public void FromUntrustedKubeconfigText_InlineToken_IsUsed()
    {
        var config = KubernetesConfigLoader.FromUntrustedKubeconfigText(Kubeconfig("https://east", "    token: east-token"), "Secret shop/east");

        Assert.Equal(("https://east", "east-token"), (config.Host, config.AccessToken));
    }

    [Theory]
    [InlineData("    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, id]}", "user u1: exec plugins are not allowed")]
    [InlineData("    auth-provider: {name: oidc, config: {}}", "user u1: auth providers are not allowed")]
    [InlineData("    client-certificate: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt", "user u1: client-certificate names a file")]
    [InlineData("    client-key: /etc/controller/key.pem", "user u1: client-key names a file")]
    public void FromUntrustedKubeconfigText_CommandOrFileOfTheController_IsRefusedNamingTheFieldNotItsValue(string user, string expected)
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.FromUntrustedKubeconfigText(Kubeconfig("https://east", user), "Secret shop/east"));

        Assert.StartsWith($"Secret shop/east: {expected}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/", ex.Message.Replace("Secret shop/east", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void FromUntrustedKubeconfigText_CertificateAuthorityFile_IsRefused()
    {
        var text = Kubeconfig("https://east", "    token: t").Replace("    server: https://east", "    server: https://east\n    certificate-authority: /etc/ssl/ca.pem", StringComparison.Ordinal);

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.FromUntrustedKubeconfigText(text, "Secret shop/east"));

        Assert.Equal("Secret shop/east: cluster c1: certificate-authority names a file; use certificate-authority-data", ex.Message);
    }

    [Fact]
    public void Load_UnknownContext_ThrowsNamingContextAndFileButNoCredential()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", TwoContexts);

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.Load(file, "staging"));

        Assert.Contains("staging", ex.Message);
        Assert.Contains(file, ex.Message);
        Assert.DoesNotContain("dev-token", ex.ToString());
        Assert.DoesNotContain("hunter2", ex.ToString());
    }

    [Fact]
    public void Load_KubeconfigVariableWithSeveralFiles_MergesFirstWins()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("one", Kubeconfig("https://one", "    token: t1", currentContext: "a", contextName: "a"));
        var second = dir.Write("two", Kubeconfig("https://two", "    token: t2", currentContext: "b", contextName: "b", cluster: "c2", userName: "u2"));
        var shadow = dir.Write("three", Kubeconfig("https://shadowed", "    token: t3", currentContext: "a", contextName: "a"));
        var variable = string.Join(Path.PathSeparator, first, Path.Combine(dir.Path, "missing"), second, shadow);

        var current = KubernetesConfigLoader.Load(null, null, NoInCluster(dir, variable));
        var other = KubernetesConfigLoader.Load(null, "b", NoInCluster(dir, variable));

        Assert.Equal("https://one", current.Host);
        Assert.Equal("t1", current.AccessToken);
        Assert.Equal("https://two", other.Host);
        Assert.Equal("t2", other.AccessToken);
    }

    [Fact]
    public void Load_NoKubeconfigVariable_FallsBackToHomeConfig()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.kube/config", Kubeconfig("https://home", "    token: h"));

        var config = KubernetesConfigLoader.Load(null, null, NoInCluster(dir));

        Assert.Equal("https://home", config.Host);
    }

    [Fact]
    public void Load_InCluster_WinsOverKubeconfigVariable()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://from-variable", "    token: v"));
        var sources = NoInCluster(dir, file) with
        {
            IsInCluster = () => true,
            InClusterConfig = () => new KubernetesClientConfiguration { Host = "https://10.96.0.1:443", Namespace = "gitops" },
        };

        var config = KubernetesConfigLoader.Load(null, null, sources);

        Assert.Equal("https://10.96.0.1:443", config.Host);
    }

    [Fact]
    public void Load_NothingAnywhere_ThrowsNamingEveryPlaceLooked()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.Load(null, null, NoInCluster(dir)));

        Assert.Contains("KUBERNETES_SERVICE_HOST", ex.Message);
        Assert.Contains("KUBECONFIG is not set", ex.Message);
        Assert.Contains(Path.Combine(dir.Path, "home", ".kube", "config"), ex.Message);
    }

    [Fact]
    public void Load_ClientCertificateFilesRelative_ResolvedAgainstKubeconfigDirectoryAndUsable()
    {
        using var dir = new TempDirectory();
        var (certificate, key) = TestCertificates.CreateClientRsa("file-user");
        dir.Write("pki/client.crt", certificate);
        dir.Write("pki/client.key", key);
        var file = dir.Write("config", Kubeconfig("https://k", "    client-certificate: pki/client.crt\n    client-key: pki/client.key"));

        var config = KubernetesConfigLoader.Load(file, null);
        using var cluster = new KubernetesCluster(config);

        Assert.Equal(Path.Combine(dir.Path, "pki", "client.crt"), config.ClientCertificateFilePath);
        Assert.Equal(Path.Combine(dir.Path, "pki", "client.key"), config.ClientKeyFilePath);
    }

    [Fact]
    public void Cluster_ClientKeyNotPem_ThrowsConfigErrorWithoutTheKeyMaterial()
    {
        var (certificate, _) = TestCertificates.CreateClientEc("broken");
        var config = new KubernetesClientConfiguration
        {
            Host = "https://k",
            ClientCertificateData = TestCertificates.Base64(certificate),
            ClientCertificateKeyData = TestCertificates.Base64("-----BEGIN EC PRIVATE KEY-----\nbm90LWEta2V5LXNlY3JldA==\n-----END EC PRIVATE KEY-----\n"),
        };

        var ex = Assert.Throws<KubernetesConfigException>(() => new KubernetesCluster(config));

        Assert.DoesNotContain("bm90LWEta2V5LXNlY3JldA", ex.ToString());
    }

    [Fact]
    public void Load_InsecureSkipTlsVerify_IsRead()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config", Kubeconfig("https://k", "    token: t").Replace("    server: https://k", "    server: https://k\n    insecure-skip-tls-verify: true"));

        Assert.True(KubernetesConfigLoader.Load(file, null).SkipTlsVerify);
    }

    [Fact]
    public async Task Requests_TokenFileProvider_SendTheFileToken()
    {
        // The in-cluster configuration authenticates with the library's TokenFileAuth over the service account token.
        using var dir = new TempDirectory();
        var tokenFile = dir.Write("token", "service-account-token\n");
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster(configuration: new KubernetesClientConfiguration { Host = "https://10.96.0.1", TokenProvider = new TokenFileAuth(tokenFile) });

        await cluster.Api.GetApiResourcesAsync(Ct);

        Assert.All(server.Handler.Requests, r => Assert.Equal("Bearer service-account-token", r.Authorization));
    }
}
