using GitOpsAgent.Core.Applications;
using GitOpsAgent.Rendering.Charts;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests.Charts;

/// <summary>Charts pushed with the real `helm push` to a real registry (docker-registry) on 127.0.0.1.</summary>
public sealed class OciRegistryTests : IDisposable
{
    private readonly TempDirectory _temp = new("chart-oci");

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChartVersionConstraint Constraint(string text) =>
        ChartVersionConstraint.TryParse(text, out var constraint, out var error) ? constraint : throw new ArgumentException(error);

    private async Task<(HelmCli Helm, OciRegistry Registry)> StartAsync(params string[] versions)
    {
        var helm = HelmCli.Find();
        if (helm is null)
        {
            Assert.Skip(HelmCli.SkipReason);
        }

        if (OciRegistry.Executable() is null)
        {
            Assert.Skip(OciRegistry.SkipReason);
        }

        var registry = await OciRegistry.StartAsync();
        foreach (var version in versions)
        {
            var archive = await helm.PackageAsync(HelmCli.WriteChart(Path.Combine(_temp.Path, "src-" + version), "web", version, "v" + version), Path.Combine(_temp.Path, "out"));
            await helm.PushAsync(archive, registry.ChartsUrl, registry.CaFile);
        }

        return (helm, registry);
    }

    [Fact]
    public async Task ResolveAndPull_Range_PicksTheNewestTagAndTheRevisionIsTheManifestDigest()
    {
        var (_, registry) = await StartAsync("1.0.0", "1.4.0", "2.0.0");
        await using var _ = registry;
        using var cache = new ChartRepositoryCache(new ChartSourceOptions { CacheRoot = Path.Combine(_temp.Path, "cache") });
        var credentials = (ChartCredentials?)null;

        var resolved = await cache.ResolveAsync(new ChartReference(registry.ChartsUrl, "web"), Constraint("1.x"), credentials, Ct);
        var pulled = await cache.PullAsync(resolved, credentials, Ct);
        var byDigest = await cache.ResolveAsync(new ChartReference(registry.ChartsUrl, "web"), Constraint(pulled.Digest), credentials, Ct);

        Assert.Equal("1.4.0", pulled.Version);
        Assert.Equal(resolved.Digest, pulled.Digest);
        Assert.Contains("value: v1.4.0", File.ReadAllText(Path.Combine(pulled.Directory, "values.yaml")), StringComparison.Ordinal);
        Assert.Equal(("1.4.0", pulled.Digest), (byDigest.Version, byDigest.Digest));
    }

    [Fact]
    public async Task Resolve_UnknownChartOrRange_IsChartNotFoundOrNoMatchingVersion()
    {
        var (_, registry) = await StartAsync("1.0.0");
        await using var _ = registry;
        using var cache = new ChartRepositoryCache(new ChartSourceOptions { CacheRoot = Path.Combine(_temp.Path, "cache") });
        var credentials = (ChartCredentials?)null;

        var missing = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(new ChartReference(registry.ChartsUrl, "api"), Constraint("1.x"), credentials, Ct));
        var noMatch = await Assert.ThrowsAsync<ChartSourceException>(() => cache.ResolveAsync(new ChartReference(registry.ChartsUrl, "web"), Constraint("9.x"), credentials, Ct));

        Assert.Equal(ChartFailureReason.ChartNotFound, missing.Reason);
        Assert.Equal(ChartFailureReason.NoMatchingVersion, noMatch.Reason);
    }
}
