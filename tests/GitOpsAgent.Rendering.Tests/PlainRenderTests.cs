using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

public class PlainRenderTests
{
    private static Task<RenderResult> RenderAsync(TempDirectory repo, string path, DirectorySource? directory = null, string? ns = null, ManifestRendererOptions? options = null) =>
        new ManifestRenderer(options).RenderAsync(
            new RenderRequest(repo.Path, path, new ApplicationSource { Directory = directory }, ns), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    private static async Task<RenderException> RenderFailsAsync(TempDirectory repo, string path, DirectorySource? directory = null, string? ns = null, ManifestRendererOptions? options = null) =>
        await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, path, directory, ns, options));

    private static IEnumerable<string> Names(RenderResult result) => result.Objects.Select(m => m.Key.Name);

    [Fact]
    public async Task RenderAsync_PlainDirectory_ReadsYamlYmlAndJsonButNotOtherFiles()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/a.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/b.yml", RenderInputs.ConfigMap("b"));
        repo.Write("app/c.json", """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}""");
        repo.Write("app/README.md", "# not a manifest");
        repo.Write("app/notes.txt", "kind: nothing");

        var result = await RenderAsync(repo, "app");

        Assert.Equal("plain", result.Renderer);
        Assert.False(result.FromCache);
        Assert.Equal(["a", "b", "c"], Names(result));
    }

    [Fact]
    public async Task RenderAsync_WithoutRecurse_IgnoresSubdirectories()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/top.yaml", RenderInputs.ConfigMap("top"));
        repo.Write("app/sub/deep.yaml", RenderInputs.ConfigMap("deep"));

        var result = await RenderAsync(repo, "app");

        Assert.Equal(["top"], Names(result));
    }

    [Fact]
    public async Task RenderAsync_WithRecurse_ReadsSubdirectoriesAndReportsSourcesFromTheRepositoryRoot()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/top.yaml", RenderInputs.ConfigMap("top"));
        repo.Write("app/sub/deep.yaml", "---\n" + RenderInputs.ConfigMap("deep"));

        var result = await RenderAsync(repo, "app", new DirectorySource { Recurse = true });

        Assert.Equal(["deep", "top"], Names(result));
        Assert.Equal(new ManifestSource("app/sub/deep.yaml", 2), result.Objects[0].Source);
        Assert.Equal(new ManifestSource("app/top.yaml", 1), result.Objects[1].Source);
    }

    [Fact]
    public async Task RenderAsync_RepositoryRootPath_Works()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("cm.yaml", RenderInputs.ConfigMap("root"));

        var result = await RenderAsync(repo, "");

        Assert.Equal("cm.yaml", Assert.Single(result.Objects).Source.File);
    }

    [Fact]
    public async Task RenderAsync_IncludeAndExclude_FilterFiles()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm-a.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/cm-b.yaml", RenderInputs.ConfigMap("b"));
        repo.Write("app/other.yaml", RenderInputs.ConfigMap("other"));
        repo.Write("app/sub/cm-c.yaml", RenderInputs.ConfigMap("c"));

        var result = await RenderAsync(repo, "app", new DirectorySource { Recurse = true, Include = ["cm-*.yaml"], Exclude = ["cm-b.yaml"] });

        Assert.Equal(["a", "c"], Names(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RenderAsync_ExcludedNonKubernetesFile_IsNotAnError()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/values.yaml", "replicas: 3\n");

        var result = await RenderAsync(repo, "app", new DirectorySource { Exclude = ["values.yaml"] });

        Assert.Single(result.Objects);
    }

    [Fact]
    public async Task RenderAsync_NonKubernetesYaml_FailsNamingTheFile()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/values.yaml", "replicas: 3\n");

        var ex = await RenderFailsAsync(repo, "app");

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.Contains("app/values.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidYaml_FailsWithFileLineAndColumn()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b\n");

        var ex = await RenderFailsAsync(repo, "app");

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.Matches(@"^app/bad\.yaml:\d+:\d+: ", ex.Message);
        var parse = Assert.IsType<ManifestParseException>(ex.InnerException);
        Assert.True(parse.Line >= 5);
    }

    [Fact]
    public async Task RenderAsync_ListAndEmptyDocuments_AreFlattenedAndSkipped()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/list.yaml", "---\n---\napiVersion: v1\nkind: List\nitems:\n- " + RenderInputs.ConfigMap("one").Replace("\n", "\n  ", StringComparison.Ordinal).TrimEnd() + "\n- "
            + RenderInputs.ConfigMap("two").Replace("\n", "\n  ", StringComparison.Ordinal).TrimEnd() + "\n---\n# trailing comment\n");

        var result = await RenderAsync(repo, "app");

        Assert.Equal(["one", "two"], Names(result));
    }

    [Fact]
    public async Task RenderAsync_DestinationNamespace_SetOnNamespacedObjectsOnly()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("plain"));
        repo.Write("app/explicit.yaml", RenderInputs.ConfigMap("explicit", "elsewhere"));
        repo.Write("app/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n");
        repo.Write("app/cr.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n");

        var result = await RenderAsync(repo, "app", ns: "team");

        var byName = result.Objects.ToDictionary(m => m.Key.Name, m => m.Key.Namespace);
        Assert.Equal("team", byName["plain"]);
        Assert.Equal("elsewhere", byName["explicit"]);
        Assert.Equal("", byName["team"]);
        Assert.Equal("", byName["reader"]);
        Assert.Equal("Namespace", result.Objects[0].Key.Kind);
    }

    [Fact]
    public async Task RenderAsync_DuplicateObjects_FailNamingBothFiles()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/one.yaml", RenderInputs.ConfigMap("same"));
        repo.Write("app/two.yaml", "# comment\n" + RenderInputs.ConfigMap("same"));

        var ex = await RenderFailsAsync(repo, "app", ns: "x");

        Assert.Equal(RenderFailureReason.DuplicateObject, ex.Reason);
        Assert.Contains("app/one.yaml:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("app/two.yaml:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigMap x/same", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_MissingPath_FailsWithPathNotFound()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");

        var ex = await RenderFailsAsync(repo, "does/not/exist");

        Assert.Equal(RenderFailureReason.PathNotFound, ex.Reason);
        Assert.Contains("does/not/exist", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("app/../../outside")]
    [InlineData("/etc")]
    public async Task RenderAsync_PathEscapingTheRepository_IsRefused(string path)
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));

        var ex = await RenderFailsAsync(repo, path);

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_SymlinkToFileOutsideTheRepository_IsRefused()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var outside = new TempDirectory("gitopsagent-render-test");
        var secret = outside.Write("secret.yaml", RenderInputs.ConfigMap("stolen"));
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app", "link.yaml"), secret);

        var ex = await RenderFailsAsync(repo, "app");

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains("app/link.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_SymlinkedDirectoryOutsideTheRepository_IsRefused()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var outside = new TempDirectory("gitopsagent-render-test");
        outside.Write("cm.yaml", RenderInputs.ConfigMap("stolen"));
        Directory.CreateDirectory(Path.Combine(repo.Path, "app"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "app", "linked"), outside.Path);

        var recursive = await RenderFailsAsync(repo, "app", new DirectorySource { Recurse = true });
        var asPath = await RenderFailsAsync(repo, "app/linked");

        Assert.Equal(RenderFailureReason.PathOutsideRepository, recursive.Reason);
        Assert.Equal(RenderFailureReason.PathOutsideRepository, asPath.Reason);
    }

    [Fact]
    public async Task RenderAsync_SymlinkInsideTheRepository_IsFollowed()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        var shared = repo.Write("shared/cm.yaml", RenderInputs.ConfigMap("shared"));
        Directory.CreateDirectory(Path.Combine(repo.Path, "app"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app", "cm.yaml"), "../shared/cm.yaml");

        var result = await RenderAsync(repo, "app");

        Assert.Equal("shared", Assert.Single(result.Objects).Key.Name);
        Assert.True(File.Exists(shared));
    }

    [Fact]
    public async Task RenderAsync_FilesLargerThanTheLimit_FailWithOutputTooLarge()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));

        var ex = await RenderFailsAsync(repo, "app", options: new ManifestRendererOptions { MaxOutputBytes = 10 });

        Assert.Equal(RenderFailureReason.OutputTooLarge, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_ResultIsInApplyOrder()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/a-deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
        repo.Write("app/b-cm.yaml", RenderInputs.ConfigMap("cfg"));
        repo.Write("app/c-ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");

        var result = await RenderAsync(repo, "app");

        Assert.Equal(["Namespace", "ConfigMap", "Deployment"], result.Objects.Select(m => m.Key.Kind));
    }
}
