using GitOpsAgent.Core.Applications;
using GitOpsAgent.Rendering.Charts;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests.Charts;

/// <summary>A chart repository served over HTTP from a folder built with the real `helm package` and `helm repo index`.</summary>
public sealed class ChartRepositoryCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("chart-repo");

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HelmCli Helm()
    {
        var helm = HelmCli.Find();
        if (helm is null)
        {
            Assert.Skip(HelmCli.SkipReason);
        }

        return helm;
    }

    private ChartRepositoryCache Cache(TimeSpan? ttl = null) =>
        new(new ChartSourceOptions { CacheRoot = Path.Combine(_temp.Path, "cache"), IndexTtl = ttl ?? TimeSpan.FromSeconds(5) });

    private static ChartVersionConstraint Constraint(string text) =>
        ChartVersionConstraint.TryParse(text, out var constraint, out var error) ? constraint : throw new ArgumentException(error);

    private async Task<ChartRepositoryServer> PublishAsync(HelmCli helm, string? username = null, string? password = null, params string[] versions)
    {
        var server = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"), username, password);
        foreach (var version in versions)
        {
            await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "src-" + version), "web", version, "v" + version));
        }

        return server;
    }

    [Fact]
    public async Task ResolveAndPull_Range_PicksTheNewestMatchAndExtractsIt()
    {
        var helm = Helm();
        await using var server = await PublishAsync(helm, null, null, "1.0.0", "1.1.0", "1.2.0", "2.0.0");
        using var cache = Cache();

        var resolved = await cache.ResolveAsync(new ChartReference(server.Url, "web"), Constraint(">=1.0 <2"), null, Ct);
        var pulled = await cache.PullAsync(resolved, null, Ct);

        Assert.Equal("1.2.0", pulled.Version);
        Assert.Matches("^1.2.0@sha256:[0-9a-f]{64}$", pulled.Revision);
        Assert.Contains("value: v1.2.0", File.ReadAllText(Path.Combine(pulled.Directory, "values.yaml")), StringComparison.Ordinal);
        Assert.Equal(["Chart Team"], pulled.Maintainers);
    }

    [Fact]
    public async Task Resolve_ManyCallersWithinTheTtl_FetchTheIndexOnce()
    {
        var helm = Helm();
        await using var server = await PublishAsync(helm, null, null, "1.0.0");
        using var cache = Cache();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.ResolveAsync(new ChartReference(server.Url, "web"), Constraint("1.x"), null, Ct)));

        Assert.Equal(1, server.Requests("/index.yaml"));
    }

    [Fact]
    public async Task Resolve_NewVersionPublished_IsPickedUpOnceTheTtlPassed()
    {
        var helm = Helm();
        await using var server = await PublishAsync(helm, null, null, "1.0.0");
        using var cache = Cache(TimeSpan.Zero);
        var chart = new ChartReference(server.Url, "web");
        Assert.Equal("1.0.0", (await cache.ResolveAsync(chart, Constraint("1.x"), null, Ct)).Version);

        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "next"), "web", "1.0.1"));

        Assert.Equal("1.0.1", (await cache.ResolveAsync(chart, Constraint("1.x"), null, Ct)).Version);
    }

    [Fact]
    public async Task Resolve_UnknownChartOrNoMatchingVersion_SaysWhatThereIs()
    {
        var helm = Helm();
        await using var server = await PublishAsync(helm, null, null, "1.0.0", "1.1.0");
        using var cache = Cache();

        var missing = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(new ChartReference(server.Url, "api"), Constraint("1.x"), null, Ct));
        var noMatch = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(new ChartReference(server.Url, "web"), Constraint("3.x"), null, Ct));

        Assert.Equal((ChartFailureReason.ChartNotFound, $"chart \"api\" is not in the chart repository {server.Url} (its index lists 1 chart)"), (missing.Reason, missing.Message));
        Assert.Equal((ChartFailureReason.NoMatchingVersion, $"no version of chart \"web\" in {server.Url} matches \"3.x\"; the newest are 1.1.0, 1.0.0"), (noMatch.Reason, noMatch.Message));
    }

    [Fact]
    public async Task Resolve_BasicAuth_RefusesMissingOrWrongCredentialsAndTheMessageHoldsNoSecret()
    {
        var helm = Helm();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var server = await PublishAsync(helm, "reader", password, "1.0.0");
        using var cache = Cache();
        var chart = new ChartReference(server.Url, "web");

        var anonymous = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), null, Ct));
        var wrong = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), new ChartCredentials("reader", "not-" + password), Ct));
        var pulled = await cache.PullAsync(await cache.ResolveAsync(chart, Constraint("1.x"), new ChartCredentials("reader", password), Ct), new ChartCredentials("reader", password), Ct);

        Assert.Equal(ChartFailureReason.AuthenticationFailed, anonymous.Reason);
        Assert.Equal(ChartFailureReason.AuthenticationFailed, wrong.Reason);
        Assert.DoesNotContain(password, wrong.Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", pulled.Version);
        Assert.Equal(1, server.Requests("/web-1.0.0.tgz") - 0);
    }

    [Fact]
    public async Task Resolve_BearerToken_IsSentOnlyWhenGiven_AndTheMessageHoldsNoToken()
    {
        var helm = Helm();
        var token = "tok-" + Guid.NewGuid().ToString("N");
        await using var server = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"), bearerToken: token);
        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "src"), "web", "1.0.0"));
        using var cache = Cache();
        var chart = new ChartReference(server.Url, "web");
        var good = ChartCredentials.FromSecretData(new Dictionary<string, string> { ["token"] = token });

        var anonymous = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), null, Ct));
        var wrong = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), new ChartCredentials(Token: "not-" + token), Ct));
        var pulled = await cache.PullAsync(await cache.ResolveAsync(chart, Constraint("1.x"), good, Ct), good, Ct);

        Assert.Equal((ChartFailureReason.AuthenticationFailed, ChartFailureReason.AuthenticationFailed), (anonymous.Reason, wrong.Reason));
        Assert.DoesNotContain(token, wrong.Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", pulled.Version);
    }

    [Fact]
    public async Task Resolve_HttpsWithAPrivateCa_NeedsItsCaCrt_AndAnotherCaDoesNotPass()
    {
        var helm = Helm();
        var authority = TestCertificateAuthority.Create();
        await using var server = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"), tls: authority);
        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "src"), "web", "1.0.0"));
        using var cache = Cache(TimeSpan.Zero);
        var chart = new ChartReference(server.Url, "web");
        var withCa = ChartCredentials.FromSecretData(new Dictionary<string, string> { ["ca.crt"] = authority.CaPem });
        var otherCa = new ChartCredentials(CaCertificates: TestCertificateAuthority.Create("another CA").CaPem);

        var untrusted = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), null, Ct));
        var wrongCa = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(chart, Constraint("1.x"), otherCa, Ct));
        var pulled = await cache.PullAsync(await cache.ResolveAsync(chart, Constraint("1.x"), withCa, Ct), withCa, Ct);
        var insecure = await cache.ResolveAsync(chart, Constraint("1.x"), new ChartCredentials(InsecureSkipVerify: true), Ct);

        Assert.StartsWith("https://127.0.0.1:", server.Url, StringComparison.Ordinal);
        Assert.Equal(ChartFailureReason.Unavailable, untrusted.Reason);
        Assert.EndsWith("the server's TLS certificate is not signed by a CA this controller trusts; put the CA's certificate (PEM) in the credentials Secret as ca.crt", untrusted.Message, StringComparison.Ordinal);
        Assert.EndsWith("the server's TLS certificate is signed neither by the ca.crt of the credentials Secret nor by a CA of the system", wrongCa.Message, StringComparison.Ordinal);
        Assert.Equal(("1.0.0", "1.0.0"), (pulled.Version, insecure.Version));
    }

    [Fact]
    public async Task Pull_ArchiveNotWhatTheIndexSays_IsADigestMismatch()
    {
        var helm = Helm();
        await using var server = await PublishAsync(helm, null, null, "1.0.0");
        var other = await helm.PackageAsync(HelmCli.WriteChart(Path.Combine(_temp.Path, "tampered"), "web", "1.0.0", "tampered"), Path.Combine(_temp.Path, "tampered-out"));
        File.Copy(other, Path.Combine(server.Folder, "web-1.0.0.tgz"), overwrite: true);
        using var cache = Cache();

        var resolved = await cache.ResolveAsync(new ChartReference(server.Url, "web"), Constraint("1.0.0"), null, Ct);
        var ex = await Assert.ThrowsAsync<ChartSourceException>(() => cache.PullAsync(resolved, null, Ct));

        Assert.Equal(ChartFailureReason.DigestMismatch, ex.Reason);
    }

    [Fact]
    public async Task Resolve_UrlThatIsNoChartRepository_IsNotAllowed()
    {
        using var cache = Cache();

        var ex = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(new ChartReference("file:///etc", "web"), Constraint("1.x"), null, Ct));

        Assert.Equal(ChartFailureReason.UrlNotAllowed, ex.Reason);
    }
}
