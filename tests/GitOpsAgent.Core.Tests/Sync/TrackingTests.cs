using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class TrackingTests
{
    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
    };

    [Fact]
    public void OwnerOf_ObjectStampedByAnApplication_IsThatApplication() =>
        Assert.Equal(new AppIdentity("team-b", "other"), Tracking.OwnerOf(Tracking.Stamp(ConfigMap("settings"), new AppIdentity("team-b", "other"))));

    [Fact]
    public void OwnerOf_UntrackedObject_IsNobody() =>
        Assert.Null(Tracking.OwnerOf(ConfigMap("settings")));

    [Fact]
    public void OwnerOf_AnnotationCopiedFromAnotherObject_IsNobodysClaim()
    {
        var original = Tracking.Stamp(ConfigMap("settings"), new AppIdentity("team-b", "other"));
        var copy = ConfigMap("copy");
        copy.SetAnnotation(Tracking.AnnotationKey, original.GetAnnotation(Tracking.AnnotationKey)!);

        Assert.Null(Tracking.OwnerOf(copy));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData(":v1/ConfigMap:shop/settings")]
    [InlineData("team-b:other")]
    public void OwnerOf_MalformedAnnotation_IsNobody(string annotation)
    {
        var obj = ConfigMap("settings");
        obj.SetAnnotation(Tracking.AnnotationKey, annotation);

        Assert.Null(Tracking.OwnerOf(obj));
    }
}
