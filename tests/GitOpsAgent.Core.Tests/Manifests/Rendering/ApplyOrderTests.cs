using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using static GitOpsAgent.Core.Tests.Manifests.Rendering.TestManifests;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

public class ApplyOrderTests
{
    [Fact]
    public void Sort_MixedKinds_PutsDependenciesBeforeWorkloadsAndCustomResourcesLast()
    {
        Manifest[] input =
        [
            Make("cert-manager.io/v1", "Certificate", "cert", "a"),
            Make("networking.k8s.io/v1", "Ingress", "ing", "a"),
            Make("apps/v1", "Deployment", "web", "a"),
            Make("v1", "Service", "web", "a"),
            Make("v1", "PersistentVolumeClaim", "data", "a"),
            Make("v1", "Secret", "s", "a"),
            Make("v1", "ConfigMap", "c", "a"),
            Make("rbac.authorization.k8s.io/v1", "RoleBinding", "rb", "a"),
            Make("rbac.authorization.k8s.io/v1", "ClusterRole", "cr"),
            Make("v1", "ServiceAccount", "sa", "a"),
            Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "certificates.cert-manager.io"),
            Make("v1", "Namespace", "a"),
        ];

        var sorted = ApplyOrder.Sort(input);

        Assert.Equal(
            ["Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "RoleBinding", "ConfigMap", "Secret", "PersistentVolumeClaim", "Service", "Deployment", "Ingress", "Certificate"],
            sorted.Select(m => m.Key.Kind));
    }

    [Fact]
    public void Sort_SyncWaves_OrderLowerFirst()
    {
        Manifest[] input =
        [
            Make("v1", "ConfigMap", "a", "ns", wave: "5"),
            Make("v1", "ConfigMap", "b", "ns", wave: "-1"),
            Make("v1", "ConfigMap", "c", "ns"),
            Make("v1", "ConfigMap", "d", "ns", wave: "not-a-number"),
        ];

        var sorted = ApplyOrder.Sort(input);

        Assert.Equal(["b", "c", "d", "a"], sorted.Select(m => m.Key.Name));
    }

    [Fact]
    public void Sort_SyncWave_OrdersAcrossKinds_WithNamespacesAndCrdsFirstWithinAWave()
    {
        Manifest[] input =
        [
            Make("apps/v1", "Deployment", "web", "ns", wave: "-10"),
            Make("v1", "ConfigMap", "cfg", "ns", wave: "10"),
            Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "late.example.com", wave: "10"),
            Make("v1", "Namespace", "ns", wave: "10"),
        ];

        var sorted = ApplyOrder.Sort(input);

        Assert.Equal(["Deployment", "Namespace", "CustomResourceDefinition", "ConfigMap"], sorted.Select(m => m.Key.Kind));
    }

    [Fact]
    public void Sort_Hooks_RunInTheirPhases_ChartCrdsBeforeEverything()
    {
        Manifest[] input =
        [
            Make("batch/v1", "Job", "smoke", "ns", hook: "PostSync"),
            Make("batch/v1", "Job", "notify", "ns", hook: "SyncFail"),
            Make("apps/v1", "Deployment", "web", "ns", wave: "-5"),
            Make("batch/v1", "Job", "migrate", "ns", hook: "PreSync", wave: "3"),
            Make("batch/v1", "Job", "backup", "ns", hook: "PreSync"),
            Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com", wave: "7") with { BeforeHooks = true },
        ];

        var sorted = ApplyOrder.Sort(input);

        Assert.Equal(["widgets.example.com", "backup", "migrate", "web", "smoke", "notify"], sorted.Select(m => m.Key.Name));
    }

    [Fact]
    public void Sort_SamePhaseAndWave_OrdersByKeyWhateverTheInputOrder()
    {
        Manifest[] input = [Make("v1", "ConfigMap", "b", "y"), Make("v1", "ConfigMap", "a", "y"), Make("v1", "ConfigMap", "z", "x")];

        var forward = ApplyOrder.Sort(input).Select(m => m.Key.ToString());
        var backward = ApplyOrder.Sort(input.Reverse()).Select(m => m.Key.ToString());

        Assert.Equal(["ConfigMap x/z", "ConfigMap y/a", "ConfigMap y/b"], forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void SortForPrune_IsTheApplyOrderReversed()
    {
        Manifest[] input = [Make("apps/v1", "Deployment", "web", "a"), Make("v1", "Namespace", "a"), Make("v1", "ConfigMap", "c", "a")];

        var prune = ApplyOrder.SortForPrune(input);

        Assert.Equal(["Deployment", "ConfigMap", "Namespace"], prune.Select(m => m.Key.Kind));
    }

    [Theory]
    [InlineData("", "Namespace", 0)]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition", 1)]
    [InlineData("batch", "CronJob", 8)]
    [InlineData("", "Pod", 8)]
    [InlineData("policy", "PodDisruptionBudget", 9)]
    [InlineData("example.com", "Widget", 10)]
    public void Phase_Kind_IsItsPlaceInTheApplyOrder(string group, string kind, int expected)
    {
        Assert.Equal(expected, ApplyOrder.Phase(new ResourceKey(group, kind, "", "x")));
    }
}
