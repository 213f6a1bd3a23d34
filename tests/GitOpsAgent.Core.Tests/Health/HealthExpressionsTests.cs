using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>CEL health overrides on the expressions Flux documents for healthCheckExprs (exists, filter/all, has, phase).</summary>
public sealed class HealthExpressionsTests
{
    // The shape of the cert-manager Certificate entry in Flux's CEL cheatsheet, with exists() (all() is true on an empty list).
    private static readonly HealthOverrides CertificateLike = HealthOverrides.Parse("""
        - group: example.com
          kind: Widget
          progressing: "has(status.conditions) && status.conditions.exists(e, e.type == 'Issuing' && e.status == 'True')"
          degraded: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'False') && size(status.conditions) > 0"
          healthy: "status.conditions.exists(e, e.type == 'Ready' && e.status == 'True' && e.observedGeneration == metadata.generation)"
        """);

    private static JsonObject Widget(string status, long generation = 2) =>
        (JsonObject)YamlDocumentReader.Read($$"""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, namespace: default, generation: {{generation}}}
            status: {{status}}
            """, "widget.yaml").Single().Root!;

    [Theory]
    [InlineData("{conditions: [{type: Ready, status: 'True', observedGeneration: 2}]}", HealthStatus.Healthy, "'healthy' health expression is true")]
    [InlineData("{conditions: [{type: Ready, status: 'False'}]}", HealthStatus.Degraded, "'degraded' health expression is true")]
    [InlineData("{conditions: [{type: Ready, status: 'False'}, {type: Issuing, status: 'True'}]}", HealthStatus.Progressing, "'progressing' health expression is true")]
    [InlineData("{conditions: [{type: Ready, status: 'True', observedGeneration: 1}]}", HealthStatus.Progressing, "no health expression is true yet")]
    [InlineData("{observedGeneration: 1, conditions: [{type: Ready, status: 'True', observedGeneration: 2}]}", HealthStatus.Progressing, "observe generation 2")]
    public void Assess_FluxStyleExpressions_FirstTrueExpressionDecides(string status, HealthStatus expected, string message)
    {
        var result = HealthAssessor.Assess(Widget(status), CertificateLike);

        Assert.Equal(expected, result?.Status);
        Assert.Contains(message, result?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ObjectWithoutStatus_HasOnStatusFieldsIsFalseNotAnError()
    {
        var obj = (JsonObject)JsonNode.Parse("""{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "generation": 1}}""")!;

        var result = HealthAssessor.Assess(obj, CertificateLike);

        // has() is false, then filter() on the missing list fails: reported as Unknown, naming kind and expression.
        Assert.Equal(HealthStatus.Unknown, result?.Status);
        Assert.Contains("health override for Widget.example.com: the 'degraded' expression failed", result?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_PhaseExpression_MatchesAStatusPhase()
    {
        var overrides = HealthOverrides.Parse("""
            - {group: example.com, kind: Widget, healthy: "status.phase == 'Bound'", progressing: "status.phase in ['Pending', 'Creating']"}
            """);

        Assert.Equal(HealthStatus.Healthy, HealthAssessor.Assess(Widget("{phase: Bound}"), overrides)?.Status);
        Assert.Equal(HealthStatus.Progressing, HealthAssessor.Assess(Widget("{phase: Creating}"), overrides)?.Status);
    }

    [Fact]
    public void Assess_ExpressionOnMissingField_IsUnknownWithTheError()
    {
        var overrides = HealthOverrides.Parse("""
            - {group: example.com, kind: Widget, healthy: "status.replicas.ready > 0"}
            """);

        var result = HealthAssessor.Assess(Widget("{phase: Running}"), overrides);

        Assert.Equal(HealthStatus.Unknown, result?.Status);
        Assert.Contains("the 'healthy' expression failed", result?.Message, StringComparison.Ordinal);
        Assert.Contains("(expression: status.replicas.ready > 0)", result?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ExpressionThatIsNotABool_IsUnknownSayingWhatItReturned()
    {
        var overrides = HealthOverrides.Parse("""
            - {group: example.com, kind: Widget, healthy: "status.phase"}
            """);

        var result = HealthAssessor.Assess(Widget("{phase: Running}"), overrides);

        Assert.Equal(HealthStatus.Unknown, result?.Status);
        Assert.Contains("returned Running (String), not a bool", result?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ExpressionOverride_ReplacesTheGenericRules()
    {
        // The generic rules read Ready False as Degraded; this operator documents Ready False as "still syncing".
        var overrides = HealthOverrides.Parse("""
            - {group: example.com, kind: Widget, degraded: "status.conditions.exists(e, e.type == 'Failed' && e.status == 'True')", healthy: "status.conditions.exists(e, e.type == 'Ready' && e.status == 'True')"}
            """);
        var obj = Widget("{conditions: [{type: Ready, status: 'False', reason: Broken}]}");

        Assert.Equal(HealthStatus.Degraded, HealthAssessor.Assess(obj)?.Status);
        Assert.Equal(HealthStatus.Progressing, HealthAssessor.Assess(obj, overrides)?.Status);
    }
}
