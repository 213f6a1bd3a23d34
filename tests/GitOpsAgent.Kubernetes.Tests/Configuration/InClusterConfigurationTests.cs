using GitOpsAgent.Kubernetes.Tests.Fakes;
using GitOpsAgent.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

public class InClusterConfigurationTests
{
    private static KubernetesConfigSources InCluster(TempDirectory dir, string host = "10.96.0.1") =>
        new(name => name switch
        {
            "KUBERNETES_SERVICE_HOST" => host,
            "KUBERNETES_SERVICE_PORT" => "443",
            "KUBECONFIG" => Path.Combine(dir.Path, "would-be-ignored"),
            _ => null,
        }, Path.Combine(dir.Path, "sa"), null);

    [Fact]
    public void Load_ServiceAccountPresent_UsesItBeforeKubeconfig()
    {
        using var dir = new TempDirectory();
        using var ca = TestCertificates.CreateCa("cluster-ca");
        dir.Write("sa/token", "sa-token");
        dir.Write("sa/ca.crt", ca.ExportCertificatePem());
        dir.Write("sa/namespace", "gitops-system");
        dir.Write("would-be-ignored", "not: read");

        var config = KubernetesClientConfiguration.Load(null, null, InCluster(dir));

        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Server);
        Assert.Equal(Path.Combine(dir.Path, "sa", "token"), config.TokenFile);
        Assert.Equal("gitops-system", config.Namespace);
        Assert.Equal(ca.ExportCertificatePem(), config.CertificateAuthorityPem);
        Assert.Equal("in-cluster", config.Source);
    }

    [Fact]
    public void Load_Ipv6ServiceHost_BracketsIt()
    {
        using var dir = new TempDirectory();
        dir.Write("sa/token", "sa-token");

        var config = KubernetesClientConfiguration.Load(null, null, InCluster(dir, "fd00::1"));

        Assert.Equal("[fd00::1]", config.Server.Host);
    }

    [Fact]
    public async Task TokenFileCredentials_TokenRotates_ReReadAfterIntervalOrInvalidate()
    {
        using var dir = new TempDirectory();
        var tokenFile = dir.Write("sa/token", "token-1");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var credentials = new TokenFileCredentials(tokenFile, TimeSpan.FromMinutes(1), time);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("token-1", (await credentials.GetAuthorizationAsync(ct))!.Parameter);
        File.WriteAllText(tokenFile, "token-2");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("token-1", (await credentials.GetAuthorizationAsync(ct))!.Parameter);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("token-2", (await credentials.GetAuthorizationAsync(ct))!.Parameter);
        File.WriteAllText(tokenFile, "token-3");
        credentials.Invalidate();
        Assert.Equal("token-3", (await credentials.GetAuthorizationAsync(ct))!.Parameter);
    }
}
