using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Conformance.Rendering;

/// <summary>
/// Renders the directories of the shared conformance repositories and compares the objects, as data, with the reference
/// renderings made by kubectl kustomize (and, for plain directories, with what their files hold). No namespace
/// defaulting: the references were rendered without a destination namespace.
/// </summary>
public class RenderConformanceTests
{
    private const string NoData = "(no conformance data)";

    public static TheoryData<string> KustomizeCases()
    {
        var data = new TheoryData<string>();
        foreach (var reference in RenderConformanceData.KustomizeReferences())
        {
            data.Add(reference);
        }

        if (data.Count == 0)
        {
            data.Add(NoData);
        }

        return data;
    }

    public static TheoryData<string> PlainCases() =>
        ["argo-cd-e2e-testdata/hook", "argo-cd-e2e-testdata/hook-and-deployment", "argo-cd-e2e-testdata/sync-waves"];

    private static string RequireRepos()
    {
        if (RenderConformanceData.ReposDirectory is not { } repos)
        {
            Assert.Skip(RenderConformanceData.AbsentReason);
            throw new InvalidOperationException("unreachable");
        }

        return repos;
    }

    private static Task<RenderResult> RenderAsync(string repos, string relativeDirectory)
    {
        var (root, path) = RenderConformanceData.Split(repos, relativeDirectory);
        return new ManifestRenderer(new ManifestRendererOptions { CacheCapacity = 0 })
            .RenderAsync(new RenderRequest(root, path, new ApplicationSource(), DestinationNamespace: null), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(KustomizeCases))]
    public async Task RenderAsync_KustomizeDirectory_MatchesTheReferenceRendering(string reference)
    {
        var repos = RequireRepos();
        if (reference == NoData)
        {
            Assert.Skip("no <dir>.rendered.yaml references were found in the conformance data");
        }

        if (!RenderConformanceData.IsOnPath("kustomize") && !RenderConformanceData.IsOnPath("kubectl"))
        {
            Assert.Skip("neither kustomize nor kubectl is on PATH");
        }

        var directory = reference[..^".rendered.yaml".Length];
        var expected = ManifestReader.Read(File.ReadAllText(Path.Combine(repos, reference)), reference);

        var result = await RenderAsync(repos, directory);

        Assert.Equal("kustomize", result.Renderer);
        AssertSameObjects(expected, result.Objects);
    }

    [Theory]
    [MemberData(nameof(PlainCases))]
    public async Task RenderAsync_PlainDirectory_RendersTheObjectsItsFilesHold(string relativeDirectory)
    {
        var repos = RequireRepos();
        var directory = Path.Combine(repos, relativeDirectory);
        var expected = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .SelectMany(f => ManifestReader.Read(File.ReadAllText(f), f))
            .ToList();

        var result = await RenderAsync(repos, relativeDirectory);

        Assert.Equal("plain", result.Renderer);
        Assert.NotEmpty(expected);
        AssertSameObjects(expected, result.Objects);
        Assert.All(result.Objects, m => Assert.StartsWith(relativeDirectory["argo-cd-e2e-testdata/".Length..] + "/", m.Source.File, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RenderAsync_HelmChartWithoutHelm_FailsWithHelmNotAvailable()
    {
        var repos = RequireRepos();
        if (RenderConformanceData.IsOnPath("helm"))
        {
            Assert.Skip("helm is on PATH; there is no reference rendering of the chart to compare with");
        }

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repos, "argo-cd-e2e-testdata/helm-guestbook"));

        Assert.Equal(RenderFailureReason.HelmNotAvailable, ex.Reason);
    }

    private static void AssertSameObjects(IReadOnlyList<Manifest> expected, IReadOnlyList<Manifest> actual)
    {
        var expectedSorted = expected.OrderBy(m => m.Key).ToList();
        var actualSorted = actual.OrderBy(m => m.Key).ToList();
        Assert.Equal(expectedSorted.Select(m => m.Key.ToString()), actualSorted.Select(m => m.Key.ToString()));
        for (var i = 0; i < expectedSorted.Count; i++)
        {
            Assert.True(
                JsonNode.DeepEquals(expectedSorted[i].Object, actualSorted[i].Object),
                $"{expectedSorted[i].Key} differs:\nexpected {expectedSorted[i].Object.ToJsonString()}\nactual   {actualSorted[i].Object.ToJsonString()}");
        }
    }
}
