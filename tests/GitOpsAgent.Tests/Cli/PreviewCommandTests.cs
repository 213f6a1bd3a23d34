using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// `preview` on a local clone (as a CI job runs it) and on a Git URL served by a real git daemon, with Application
/// manifests from a folder: two Applications (web, api) on one repository and a third (other) on another.
/// </summary>
public sealed class PreviewCommandTests : IAsyncLifetime
{
    private const string Origin = "https://git.example.test/shop/config.git";
    private readonly TempDirectory _root = new("gitopsagent-preview-cli");
    private GitTestRepository _repo = null!;
    private string _applications = null!;
    private string _base = null!;

    public async ValueTask InitializeAsync()
    {
        _repo = new GitTestRepository(Path.Combine(_root.Path, "clone"), Origin);
        await _repo.InitAsync();
        await _repo.GitAsync("remote", "add", "origin", Origin);
        _repo.WriteFile("apps/web/deploy.yaml", CliManifests.Deployment);
        _repo.WriteFile("apps/api/settings.yaml", CliManifests.ConfigMap);
        _repo.WriteFile("README.md", "config");
        _base = await _repo.CommitAsync("base");
        await _repo.GitAsync("checkout", "--quiet", "-b", "feature");
        _applications = Path.Combine(_root.Path, "applications");
        Directory.CreateDirectory(_applications);
        File.WriteAllText(Path.Combine(_applications, "apps.yaml"), $$"""
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: web, namespace: shop}
            spec:
              source: {repoURL: "{{Origin}}", path: apps/web}
              destination: {namespace: shop}
            ---
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: api, namespace: shop}
            spec:
              source: {repoURL: "https://git.example.test/shop/config", path: apps/api}
              destination: {namespace: shop}
            ---
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: other, namespace: shop}
            spec:
              source: {repoURL: "https://git.example.test/shop/other.git", path: apps/web}
            """);
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ChangeImageAndAddObjectAsync()
    {
        _repo.WriteFile("apps/web/deploy.yaml", CliManifests.Deployment.Replace("pause:3.9", "pause:3.10", StringComparison.Ordinal));
        _repo.WriteFile("apps/web/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata: {a: b}\n");
        _repo.WriteFile("README.md", "changed docs");
        return await _repo.CommitAsync("new image, new ConfigMap");
    }

    [Fact]
    public async Task Preview_KeepsItsGitCacheInAPrivateFolderOfItsOwn_AndLeavesNothingBehind()
    {
        await ChangeImageAndAddObjectAsync();
        var temp = Directory.CreateDirectory(Path.Combine(_root.Path, "tmp")).FullName;

        // A fixed cache folder under the temporary directory could be planted by another user, or raced by a second CI job.
        Directory.CreateDirectory(Path.Combine(temp, "gitops-agent-cli"));
        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { ["TMPDIR"] = temp }, "preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Equal([Path.Combine(temp, "gitops-agent-cli")], Directory.GetFileSystemEntries(temp));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(temp, "gitops-agent-cli")));
    }

    [Fact]
    public async Task Preview_LocalClone_ListsExactlyTheChangesOfTheAffectedApplication()
    {
        await ChangeImageAndAddObjectAsync();

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains("2 Applications on `https://git.example.test/shop/config.git`, 1 changed, 1 not affected (inputs unchanged).", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| `shop/web` | `apps/web` | 1 | 1 | 0 | 0 | changes |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| `shop/api` | `apps/api` | - | - | - | - | inputs unchanged, not rendered |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("- `ConfigMap shop/extra`", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("- `Deployment.apps shop/web`: `spec.template.spec.containers[name=main].image`\n", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("shop/other", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Preview_Json_GivesTheSameFactsPerApplication()
    {
        var head = await ChangeImageAndAddObjectAsync();

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", _base[..10], "--head", "HEAD", "--applications", _applications, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(_base, json["base"]!.GetValue<string>());
        Assert.Equal(head, json["head"]!.GetValue<string>());
        var web = json["applications"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "web")!;
        Assert.Equal("Changed", web["outcome"]!.GetValue<string>());
        Assert.Equal(["extra"], web["created"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal(["spec.template.spec.containers[name=main].image"], web["modified"]![0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["apps/web/deploy.yaml", "apps/web/extra.yaml"], web["changedInputs"]!.AsArray().Select(f => f!.GetValue<string>()));
        var api = json["applications"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "api")!;
        Assert.Equal("Unaffected", api["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Preview_BrokenManifest_ExitsTwoNamingTheFileAndLine()
    {
        _repo.WriteFile("apps/web/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: [a, b\nspec: {}\n");
        await _repo.CommitAsync("broken");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("| `shop/web` | `apps/web` | - | - | - | - | **render error** |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("apps/web/deploy.yaml:5", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("error: shop/web: apps/web/deploy.yaml:5", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_OnlyADocumentChanged_ExitsZero()
    {
        _repo.WriteFile("README.md", "only docs");
        await _repo.CommitAsync("docs");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("2 not affected (inputs unchanged)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_GitUrl_ResolvesBranchesOnTheRemote()
    {
        await using var server = await GitTestServer.StartAsync();
        var remote = await server.CreateRepositoryAsync("config", new Dictionary<string, string> { ["apps/web/deploy.yaml"] = CliManifests.Deployment });
        await remote.GitAsync("checkout", "--quiet", "-b", "feature");
        remote.WriteFile("apps/web/deploy.yaml", CliManifests.Deployment.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal));
        await remote.CommitAsync("three replicas");
        File.WriteAllText(Path.Combine(_applications, "apps.yaml"), $$"""
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: web, namespace: shop}
            spec:
              source: {repoURL: "{{remote.Url}}", path: apps/web}
            """);

        var run = await CliRun.InvokeAsync("preview", "--repo", remote.Url, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains("- `Deployment.apps shop/web`: `spec.replicas`", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_UnknownRevision_ExitsTwoNamingIt()
    {
        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "no-such-branch", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("Revision 'no-such-branch' not found", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_CloneWithoutOrigin_AsksForTheRepositoryUrl()
    {
        await _repo.GitAsync("remote", "remove", "origin");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", _applications);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--repo-url", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_NeitherApplicationsNorCluster_ExitsTwoSayingWhatToGive()
    {
        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--applications DIR", run.Stderr, StringComparison.Ordinal);
    }
}
