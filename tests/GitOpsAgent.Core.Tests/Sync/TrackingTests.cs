using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class TrackingTests
{
    private static readonly AppIdentity App = new("argocd", "shop");

    [Fact]
    public void LabelValue_ShortNames_IsNamespaceDotName() => Assert.Equal("argocd.shop", Tracking.LabelValue(App));

    [Fact]
    public void LabelValue_LongName_IsLabelSafeAndStable()
    {
        var app = new AppIdentity("team-" + new string('a', 40), "application-" + new string('b', 40));

        var value = Tracking.LabelValue(app);

        Assert.True(value.Length <= 63);
        Assert.Matches("^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$", value);
        Assert.Equal(value, Tracking.LabelValue(app with { }));
        Assert.NotEqual(value, Tracking.LabelValue(app with { Name = app.Name + "x" }));
    }

    [Fact]
    public void TrackingId_NamesAppAndObject() =>
        Assert.Equal("argocd/shop:apps/Deployment:shop/web", Tracking.TrackingId(App, new ResourceKey("apps", "Deployment", "shop", "web")));

    [Fact]
    public void Stamp_AddsLabelAndAnnotation_WithoutChangingInput()
    {
        var desired = TestData.Yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");

        var stamped = Tracking.Stamp(desired, App);

        Assert.Equal("argocd.shop", stamped.GetLabel(Tracking.LabelKey));
        Assert.Equal("argocd/shop:apps/Deployment:shop/web", stamped.GetAnnotation(Tracking.AnnotationKey));
        Assert.Null(desired.GetLabel(Tracking.LabelKey));
        Assert.True(Tracking.IsOwnedBy(stamped, App));
    }

    [Fact]
    public void IsOwnedBy_CopiedLabelOrOtherObjectsAnnotation_IsFalse()
    {
        var copiedLabel = TestData.Yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: shop, labels: {gitopsagent.io/application: argocd.shop}}\n");
        var copiedAnnotation = Tracking.Stamp(TestData.Yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n"), App);
        copiedAnnotation["metadata"]!["name"] = "b";

        Assert.False(Tracking.IsOwnedBy(copiedLabel, App));
        Assert.False(Tracking.IsOwnedBy(copiedAnnotation, App));
        Assert.False(Tracking.IsOwnedBy(Tracking.Stamp(copiedLabel, App), new AppIdentity("argocd", "other")));
    }
}
