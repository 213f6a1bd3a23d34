using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>
/// Real servers send list items of built-in kinds without apiVersion and kind (the test API server does too); our
/// client fills them in, so callers of ListAsync and ListAllAsync always get whole objects (ObjectList's contract).
/// </summary>
public sealed class ListItemKindContractTests(ContractFixture fx) : IClassFixture<ContractFixture>
{
    [Fact]
    public async Task ListAllAsync_BuiltInKindOfANamedGroup_ItemsCarryApiVersionAndKind()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-kinds");
        foreach (var name in new[] { "web", "api" })
        {
            var deployment = ManifestReader.Read(TestManifests.Deployment(name, 1), "deployment.yaml").Single().Object;
            deployment.SetNamespace(ns);
            await fx.Kube.ApplyAsync(deployment, new ApplyOptions("contract"), default);
        }

        var list = await fx.Kube.ListAllAsync("apps/v1", "Deployment", ns, new ListOptions(Limit: 1), default);

        Assert.Equal(["api", "web"], list.Items.Select(i => i.GetName()).Order());
        Assert.All(list.Items, i => Assert.Equal(("apps/v1", "Deployment"), (i.GetApiVersion(), i.GetKind())));
    }

    [Fact]
    public async Task ListAsync_CustomResource_ItemsCarryApiVersionAndKind()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-kinds");
        await fx.Kube.ApplyAsync(TestManifests.Application(ns, "web", "https://git.example.test/r.git", "app", automated: false), new ApplyOptions("contract"), default);

        var list = await fx.Kube.ListAsync("gitopsagent.io/v1alpha1", "Application", ns, new ListOptions(), default);

        var item = Assert.Single(list.Items);
        Assert.Equal(("gitopsagent.io/v1alpha1", "Application"), (item.GetApiVersion(), item.GetKind()));
    }
}
