using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

public sealed class RenderCommandTests
{
    [Fact]
    public async Task Render_PlainDirectory_PrintsTheObjectsInApplyOrderAndTheyReadBackUnchanged()
    {
        using var dir = new TempDirectory();
        dir.Write("a-web.yaml", CliManifests.Deployment);
        dir.Write("b-settings.yaml", CliManifests.ConfigMap);
        dir.Write("c-namespace.yaml", CliManifests.Namespace);

        var run = await CliRun.InvokeAsync("render", dir.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList();
        Assert.Equal(["Namespace", "ConfigMap", "Deployment"], printed.Select(o => o.GetKind()));
        AssertSameObjects([CliManifests.Namespace, CliManifests.ConfigMap, CliManifests.Deployment], printed);
    }

    [Fact]
    public async Task Render_File_PrintsItsObjectsInApplyOrder()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("all.yaml", string.Join("\n---\n", CliManifests.Deployment, CliManifests.ConfigMap, CliManifests.Namespace));

        var run = await CliRun.InvokeAsync("render", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList();
        Assert.Equal(["Namespace", "ConfigMap", "Deployment"], printed.Select(o => o.GetKind()));
        AssertSameObjects([CliManifests.Namespace, CliManifests.ConfigMap, CliManifests.Deployment], printed);
    }

    [Fact]
    public async Task Render_PathInsideADirectory_RendersOnlyThatDirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("apps/web/deployment.yaml", CliManifests.Deployment);
        dir.Write("apps/config/settings.yaml", CliManifests.ConfigMap);

        var run = await CliRun.InvokeAsync("render", dir.Path, "--path", "apps/web");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList();
        AssertSameObjects([CliManifests.Deployment], printed);
    }

    [Fact]
    public async Task Render_PathEscapingTheDirectory_IsAnError()
    {
        using var dir = new TempDirectory();
        dir.Write("apps/web/deployment.yaml", CliManifests.Deployment);

        var run = await CliRun.InvokeAsync("render", dir.Path, "--path", "../..");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.NotEmpty(run.Stderr);
    }

    [Fact]
    public async Task Render_GitUrl_RendersThePathAtTheRevision()
    {
        await using var git = await GitTestServer.StartAsync();
        var repo = await git.CreateRepositoryAsync("cli-render", new Dictionary<string, string>
        {
            ["app/settings.yaml"] = CliManifests.ConfigMap,
            ["app/web.yaml"] = CliManifests.Deployment,
            ["other/ns.yaml"] = CliManifests.Namespace,
        });
        var first = await repo.HeadAsync();
        repo.DeleteFile("app/web.yaml");
        await repo.CommitAsync("drop the deployment");

        var head = await CliRun.InvokeAsync("render", repo.Url, "--path", "app");
        var pinned = await CliRun.InvokeAsync("render", repo.Url, "--path", "app", "--revision", first);

        Assert.True(head.ExitCode == ExitCodes.Success, head.ToString());
        AssertSameObjects([CliManifests.ConfigMap], ManifestReader.Read(head.Stdout, "stdout").Select(m => m.Object).ToList());
        Assert.True(pinned.ExitCode == ExitCodes.Success, pinned.ToString());
        AssertSameObjects([CliManifests.ConfigMap, CliManifests.Deployment], ManifestReader.Read(pinned.Stdout, "stdout").Select(m => m.Object).ToList());
    }

    [Fact]
    public async Task Render_FileUrlOfTheUsersOwnRepository_Works()
    {
        // The controller refuses local repositories unless allowed; the CLI renders what its user names on their own disk.
        await using var git = await GitTestServer.StartAsync();
        var repo = await git.CreateRepositoryAsync("cli-file-url", new Dictionary<string, string> { ["app/settings.yaml"] = CliManifests.ConfigMap });

        var run = await CliRun.InvokeAsync("render", "file://" + repo.Directory, "--path", "app");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        AssertSameObjects([CliManifests.ConfigMap], ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList());
    }

    [Fact]
    public async Task Render_GitUrlAtAnUnknownRevision_ExitsTwo()
    {
        await using var git = await GitTestServer.StartAsync();
        var repo = await git.CreateRepositoryAsync("cli-unknown-revision", new Dictionary<string, string> { ["app/settings.yaml"] = CliManifests.ConfigMap });

        var run = await CliRun.InvokeAsync("render", repo.Url, "--revision", "no-such-branch");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("no-such-branch", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Render_Namespace_IsGivenToNamespacedObjectsThatNameNone()
    {
        using var dir = new TempDirectory();
        dir.Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loose}\ndata: {a: b}\n");
        dir.Write("ns.yaml", CliManifests.Namespace);

        var run = await CliRun.InvokeAsync("render", dir.Path, "--namespace", "target");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList();
        Assert.Equal("target", printed.Single(o => o.GetKind() == "ConfigMap").GetNamespace());
        Assert.Equal("", printed.Single(o => o.GetKind() == "Namespace").GetNamespace());
    }

    [Fact]
    public async Task Render_KustomizeOverlay_EqualsKubectlKustomizeAsData()
    {
        var overlay = Path.Combine(RepositoryRoot.Path, "samples", "kustomize-guestbook", "overlays", "staging");
        var expected = await KubectlKustomizeAsync(overlay);
        if (expected is null)
        {
            Assert.Skip("kubectl is not on the PATH");
        }

        var run = await CliRun.InvokeAsync("render", overlay);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var printed = ManifestReader.Read(run.Stdout, "stdout").Select(m => m.Object).ToList();
        var want = ManifestReader.Read(expected, "kubectl kustomize").Select(m => m.Object).ToList();
        Assert.Equal(want.Select(ResourceKey.Of).Order(), printed.Select(ResourceKey.Of).Order());
        foreach (var obj in want)
        {
            var ours = printed.Single(p => ResourceKey.Of(p) == ResourceKey.Of(obj));
            Assert.True(JsonNode.DeepEquals(obj, ours), $"{ResourceKey.Of(obj)} differs:\nkubectl: {obj.ToJsonString()}\nours:    {ours.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Render_InvalidYaml_ExitsTwoNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        dir.Write("good.yaml", CliManifests.ConfigMap);
        dir.Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: [unclosed\n");

        var run = await CliRun.InvokeAsync("render", dir.Path);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Matches(@"bad\.yaml:\d+", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Render_YamlThatIsNotAKubernetesObject_ExitsTwoNamingTheFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("values.yaml", "replicaCount: 3\nimage:\n  tag: latest\n");

        var run = await CliRun.InvokeAsync("render", file);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("values.yaml", run.Stderr);
    }

    [Fact]
    public async Task Render_MissingSource_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync("render", Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N")));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("no-such-dir-", run.Stderr);
    }

    /// <summary>Each printed object equals (as data) the parsed expected manifest of the same key.</summary>
    private static void AssertSameObjects(IReadOnlyList<string> expectedYaml, IReadOnlyList<JsonObject> printed)
    {
        var expected = expectedYaml.Select(y => ManifestReader.Read(y, "expected").Single().Object).ToList();
        Assert.Equal(expected.Select(ResourceKey.Of).Order(), printed.Select(ResourceKey.Of).Order());
        foreach (var obj in expected)
        {
            var ours = printed.Single(p => ResourceKey.Of(p) == ResourceKey.Of(obj));
            Assert.True(JsonNode.DeepEquals(obj, ours), $"{ResourceKey.Of(obj)} differs:\nexpected: {obj.ToJsonString()}\nprinted:  {ours.ToJsonString()}");
        }
    }

    private static async Task<string?> KubectlKustomizeAsync(string directory) =>
        Kubectl.FindOnPath() is { } kubectl ? await ProcessRunner.SucceedAsync(kubectl, ["kustomize", directory], TimeSpan.FromSeconds(60)) : null;
}
