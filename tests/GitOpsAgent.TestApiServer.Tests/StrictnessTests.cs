using System.Net;
using System.Text.Json.Nodes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Where a real API server refuses or omits something, this one does too, so code cannot pass here and fail there.</summary>
public sealed class StrictnessTests : ServerTestBase
{
    [Fact]
    public async Task Apply_WithoutFieldManager_Is422WithTheRealServersPatchOptionsStatus()
    {
        var (status, body) = await Api.SendAsync(HttpMethod.Patch, Objects.ConfigMaps + "/c", Objects.ConfigMap("c").ToJsonString(), "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Status", body.Str("kind"));
        Assert.Equal("Failure", body.Str("status"));
        Assert.Equal("Invalid", body.Str("reason"));
        Assert.Equal("422", body.Str("code"));
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", body.Str("message"));
        Assert.Equal("meta.k8s.io", body.Str("details", "group"));
        Assert.Equal("PatchOptions", body.Str("details", "kind"));
        var cause = Assert.Single((JsonArray)body.At("details", "causes")!)!.AsObject();
        Assert.Equal(("FieldValueRequired", "fieldManager", "Required value: is required for apply patch"), (cause.Str("reason"), cause.Str("field"), cause.Str("message")));
        Assert.Null(Server.Store.Get("v1", "ConfigMap", "default", "c"));
    }

    [Fact]
    public async Task Apply_EmptyFieldManager_IsRefusedToo()
    {
        var (status, _) = await Api.ApplyAsync(Objects.ConfigMaps + "/c", Objects.ConfigMap("c"), manager: "");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
    }

    [Fact]
    public async Task MergePatch_WithoutFieldManager_StillTakesTheUserAgentsProgramName()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));

        var (status, body) = await Api.SendAsync(HttpMethod.Patch, Objects.ConfigMaps + "/c", """{"data":{"a":"2"}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", body.Str("data", "a"));
    }

    [Fact]
    public async Task List_BuiltInKind_ItemsCarryNoApiVersionOrKind()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));
        await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "m");

        var (_, configMaps) = await Api.GetAsync(Objects.ConfigMaps);
        var (_, deployments) = await Api.GetAsync(Objects.Deployments);

        Assert.Equal(("v1", "ConfigMapList"), (configMaps.Str("apiVersion"), configMaps.Str("kind")));
        var item = Assert.Single((JsonArray)configMaps["items"]!)!.AsObject();
        Assert.Equal("c", item.Str("metadata", "name"));
        Assert.False(item.ContainsKey("apiVersion") || item.ContainsKey("kind"), item.ToJsonString());
        Assert.All((JsonArray)deployments["items"]!, d => Assert.False(d!.AsObject().ContainsKey("kind")));
    }

    [Fact]
    public async Task List_CustomResource_ItemsKeepApiVersionAndKind()
    {
        var crdPath = Path.Combine(RepositoryRoot.Path, "crds", "applications.gitopsagent.io.yaml");
        await Api.ApplyYamlAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.gitopsagent.io", await File.ReadAllTextAsync(crdPath, TestContext.Current.CancellationToken), "gitops");
        const string Applications = "/apis/gitopsagent.io/v1alpha1/namespaces/default/applications";
        await Api.ApplyYamlAsync(Applications + "/web", "apiVersion: gitopsagent.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec: {source: {repoURL: https://example.test/r.git, path: web}}\n", "gitops");

        var (_, list) = await Api.GetAsync(Applications);

        var item = Assert.Single((JsonArray)list["items"]!)!.AsObject();
        Assert.Equal(("gitopsagent.io/v1alpha1", "Application"), (item.Str("apiVersion"), item.Str("kind")));
    }

    [Fact]
    public async Task GetAndWatch_BuiltInKind_ObjectsStillCarryApiVersionAndKind()
    {
        var (_, list) = await Api.GetAsync(Objects.ConfigMaps);
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&resourceVersion={list.Str("metadata", "resourceVersion")}");
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));

        var (_, one) = await Api.GetAsync(Objects.ConfigMaps + "/c");
        var added = await watch.NextAsync();

        Assert.Equal(("v1", "ConfigMap"), (one.Str("apiVersion"), one.Str("kind")));
        Assert.Equal(("v1", "ConfigMap"), (added.Str("object", "apiVersion"), added.Str("object", "kind")));
    }
}
