using System.Net;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class CustomResourceTests : ServerTestBase
{
    private const string Applications = "/apis/gitopsagent.io/v1alpha1/namespaces/default/applications";

    private async Task<JsonObject> ApplyCrdAsync()
    {
        var path = Path.Combine(RepositoryRoot.Path, "crds", "applications.gitopsagent.io.yaml");
        var (status, crd) = await Api.ApplyYamlAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.gitopsagent.io", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), "gitops");
        Assert.Equal(HttpStatusCode.Created, status);
        return crd;
    }

    private static JsonObject Application(string path = "guestbook")
    {
        var app = Json.Obj("""
            {"apiVersion":"gitopsagent.io/v1alpha1","kind":"Application","metadata":{"name":"guestbook"},
             "spec":{"source":{"repoURL":"https://example.com/x.git"}}}
            """);
        app["spec"]!["source"]!["path"] = path;
        return app;
    }

    [Fact]
    public async Task Crd_Applied_IsEstablishedAndServedByDiscovery()
    {
        var crd = await ApplyCrdAsync();

        var (status, resources) = await Api.GetAsync("/apis/gitopsagent.io/v1alpha1");
        var (_, groups) = await Api.GetAsync("/apis");

        var conditions = ((JsonArray)crd.At("status", "conditions")!).ToDictionary(c => c.Str("type")!, c => c.Str("status"));
        Assert.Equal("True", conditions["Established"]);
        Assert.Equal("True", conditions["NamesAccepted"]);
        Assert.Equal("Application", crd.Str("status", "acceptedNames", "kind"));
        Assert.Equal(HttpStatusCode.OK, status);
        var names = ((JsonArray)resources["resources"]!).Select(r => r.Str("name")).ToList();
        Assert.Contains("applications", names);
        Assert.Contains("applications/status", names);
        Assert.Contains(((JsonArray)groups["groups"]!).Select(g => g.Str("name")), n => n == "gitopsagent.io");
    }

    [Fact]
    public async Task CustomResource_StatusOnlyThroughStatusSubresource()
    {
        await ApplyCrdAsync();
        await Api.ApplyAsync(Applications + "/guestbook", Application(), "kubectl");

        var (_, ignored) = await Api.MergePatchAsync(Applications + "/guestbook", """{"status":{"health":{"status":"Healthy"}}}""", "x");
        var (status, written) = await Api.MergePatchAsync(Applications + "/guestbook/status", """{"status":{"health":{"status":"Healthy"}}}""", "gitops-agent");

        Assert.Null(ignored["status"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", written.Str("status", "health", "status"));
    }

    [Fact]
    public async Task CustomResource_ApplyToStatus_ChangesOnlyStatus()
    {
        await ApplyCrdAsync();
        await Api.ApplyAsync(Applications + "/guestbook", Application(), "kubectl");
        var statusApply = Json.Obj("""
            {"apiVersion":"gitopsagent.io/v1alpha1","kind":"Application","metadata":{"name":"guestbook","labels":{"sneaky":"yes"}},
             "spec":{"source":{"repoURL":"https://example.com/other.git"}},"status":{"sync":{"status":"OutOfSync"}}}
            """);

        var (status, body) = await Api.ApplyAsync(Applications + "/guestbook/status", statusApply, "gitops-agent");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("OutOfSync", body.Str("status", "sync", "status"));
        Assert.Equal("https://example.com/x.git", body.Str("spec", "source", "repoURL"));
        Assert.Null(body.At("metadata", "labels", "sneaky"));
        Assert.Equal("status", body.Managed("gitops-agent", "Apply", "status")!.Str("subresource"));
        Assert.Null(body.Managed("gitops-agent", "Apply", "status")!.At("fieldsV1", "f:spec"));
    }

    [Fact]
    public async Task CustomResource_GenerationBumpsOnSpecChangeOnly()
    {
        await ApplyCrdAsync();
        var (_, created) = await Api.ApplyAsync(Applications + "/guestbook", Application(), "kubectl");
        var (_, afterStatus) = await Api.MergePatchAsync(Applications + "/guestbook/status", """{"status":{"sync":{"status":"Synced"}}}""", "gitops-agent");
        var labelled = Application();
        labelled["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };
        var (_, afterLabel) = await Api.ApplyAsync(Applications + "/guestbook", labelled, "kubectl");
        var (_, afterSpec) = await Api.ApplyAsync(Applications + "/guestbook", Application("other"), "kubectl");

        Assert.Equal("1", created.Str("metadata", "generation"));
        Assert.Equal("1", afterStatus.Str("metadata", "generation"));
        Assert.Equal("1", afterLabel.Str("metadata", "generation"));
        Assert.Equal("2", afterSpec.Str("metadata", "generation"));
        Assert.Equal("Synced", afterSpec.Str("status", "sync", "status"));
    }

    [Fact]
    public async Task Crd_Deleted_StopsServingAndRemovesObjects()
    {
        await ApplyCrdAsync();
        await Api.ApplyAsync(Applications + "/guestbook", Application(), "kubectl");

        await Api.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.gitopsagent.io");
        var (status, _) = await Api.GetAsync("/apis/gitopsagent.io/v1alpha1");
        var (objectStatus, _) = await Api.GetAsync(Applications + "/guestbook");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, objectStatus);
    }

    [Fact]
    public void Crd_FileInRepository_IsACustomResourceDefinition()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "crds", "applications.gitopsagent.io.yaml"));

        var manifests = ManifestReader.Read(text, "crd");

        Assert.Equal("CustomResourceDefinition", manifests[0].Object.GetKind());
    }
}
