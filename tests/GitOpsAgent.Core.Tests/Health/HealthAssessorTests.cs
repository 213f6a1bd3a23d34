using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

public sealed class HealthAssessorTests
{
    private static JsonObject Widget(string conditionsJson = "[]", string? deletionTimestamp = null)
    {
        var obj = (JsonObject)JsonNode.Parse("""
            {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "default"}, "status": {}}
            """)!;
        obj["status"]!["conditions"] = JsonNode.Parse(conditionsJson);
        if (deletionTimestamp is not null)
        {
            obj["metadata"]!["deletionTimestamp"] = deletionTimestamp;
        }

        return obj;
    }

    private static readonly HealthOverrides UseAvailable = new([new HealthOverride("example.com", "Widget", "Available")]);

    [Fact]
    public void Assess_IgnoredKind_ReturnsNull()
    {
        var overrides = new HealthOverrides([new HealthOverride("example.com", "Widget", Ignore: true)]);

        Assert.Null(HealthAssessor.Assess(Widget(), overrides));
    }

    [Fact]
    public void Assess_IgnoredKindBeingDeleted_StillReturnsNull()
    {
        var overrides = new HealthOverrides([new HealthOverride("example.com", "Widget", Ignore: true)]);

        Assert.Null(HealthAssessor.Assess(Widget(deletionTimestamp: "2024-01-01T00:00:00Z"), overrides));
    }

    [Fact]
    public void Assess_ConditionOverrideTrue_IsHealthyWithItsMessage()
    {
        var obj = Widget("""[{"type": "Ready", "status": "False"}, {"type": "Available", "status": "True", "message": "serving"}]""");

        Assert.Equal(new HealthResult(HealthStatus.Healthy, "serving"), HealthAssessor.Assess(obj, UseAvailable));
    }

    [Fact]
    public void Assess_ConditionOverrideFalse_IsDegradedWithItsMessage()
    {
        var obj = Widget("""[{"type": "Ready", "status": "True"}, {"type": "Available", "status": "False", "reason": "NoCapacity", "message": "no capacity left"}]""");

        Assert.Equal(new HealthResult(HealthStatus.Degraded, "no capacity left"), HealthAssessor.Assess(obj, UseAvailable));
    }

    [Fact]
    public void Assess_ConditionOverrideAbsent_IsProgressing()
    {
        var obj = Widget("""[{"type": "Ready", "status": "True"}]""");

        var result = HealthAssessor.Assess(obj, UseAvailable);

        Assert.Equal(HealthStatus.Progressing, result?.Status);
        Assert.Contains("Available", result?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ConditionOverrideOnBuiltInKind_ReplacesTheBuiltInCheck()
    {
        var deployment = (JsonObject)JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "generation": 1},
             "spec": {"paused": true}, "status": {"conditions": [{"type": "Available", "status": "True"}]}}
            """)!;
        var overrides = new HealthOverrides([new HealthOverride("apps", "Deployment", "Available")]);

        Assert.Equal(HealthStatus.Suspended, HealthAssessor.Assess(deployment)?.Status);
        Assert.Equal(HealthStatus.Healthy, HealthAssessor.Assess(deployment, overrides)?.Status);
    }

    [Fact]
    public void Assess_NoOverrides_UsesTheGenericRules()
    {
        var obj = Widget("""[{"type": "Ready", "status": "False", "reason": "Broken", "message": "it broke"}]""");

        Assert.Equal(new HealthResult(HealthStatus.Degraded, "it broke"), HealthAssessor.Assess(obj));
    }

    [Fact]
    public void Assess_BeingDeleted_IsProgressingWhateverItsConditions()
    {
        var obj = Widget("""[{"type": "Stalled", "status": "True"}]""", deletionTimestamp: "2024-01-01T00:00:00Z");

        var result = HealthAssessor.Assess(obj, UseAvailable);

        Assert.Equal(HealthStatus.Progressing, result?.Status);
        Assert.Contains("2024-01-01T00:00:00Z", result?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apps", "Deployment", true)]
    [InlineData("", "Pod", true)]
    [InlineData("rbac.authorization.k8s.io", "ClusterRole", true)]
    [InlineData("example.com", "Widget", false)]
    [InlineData("", "Deployment", false)]
    public void HasBuiltInCheck_Kind_ReportsWhetherItHasItsOwnRules(string group, string kind, bool expected)
    {
        Assert.Equal(expected, HealthAssessor.HasBuiltInCheck(group, kind));
    }

    [Fact]
    public void Assess_HpaV1WithMalformedConditionsAnnotation_IsProgressing()
    {
        var hpa = (JsonObject)JsonNode.Parse("""
            {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
             "metadata": {"name": "web", "annotations": {"autoscaling.alpha.kubernetes.io/conditions": "[not json"}}}
            """)!;

        Assert.Equal(HealthStatus.Progressing, HealthAssessor.Assess(hpa)?.Status);
    }
}
