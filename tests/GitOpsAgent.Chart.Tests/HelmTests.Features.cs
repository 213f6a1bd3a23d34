using System.Text.Json.Nodes;

namespace GitOpsAgent.Chart.Tests;

/// <summary>The CRD as a template, commonLabels, extraObjects, the image by digest, ServiceMonitor options, the pod label RBAC.</summary>
public partial class HelmTests
{
    private static JsonObject RepositoryCrd() => YamlFiles.ReadSingleObject(RepositoryPaths.InRoot("crds", "applications.gitopsagent.io.yaml"));

    private static JsonObject Labels(JsonObject obj) => obj["metadata"]!["labels"]!.AsObject();

    [Fact]
    public async Task HelmTemplate_DefaultValues_RendersTheRepositorysCrdKeptOnUninstallWithReleaseLabels()
    {
        var objects = await TemplateAsync();

        var crds = OfKind(objects, "CustomResourceDefinition").ToList();
        Assert.Equal(Directory.GetFiles(RepositoryPaths.InRoot("crds"), "*.yaml").Length, crds.Count);
        Assert.All(crds, c => Assert.Equal("keep", c["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>()));
        var crd = crds.Single(c => c["metadata"]!["name"]!.GetValue<string>() == "applications.gitopsagent.io");
        var source = RepositoryCrd();
        Assert.True(JsonNode.DeepEquals(source["spec"], crd["spec"]), "the rendered CRD's spec differs from crds/applications.gitopsagent.io.yaml");
        Assert.Equal(source["metadata"]!["name"]!.GetValue<string>(), crd["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("keep", crd["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>());
        Assert.Equal("Helm", Labels(crd)["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal("ga", Labels(crd)["app.kubernetes.io/instance"]!.GetValue<string>());
    }

    [Fact]
    public async Task HelmTemplate_CrdsNotKept_HasNoResourcePolicy_AndNotInstalled_HasNoCrd()
    {
        var notKept = await TemplateAsync("--set", "crds.keep=false", "--set", "crds.annotations.example\\.com/owner=platform");
        var notInstalled = await TemplateAsync("--set", "crds.install=false");

        Assert.All(OfKind(notKept, "CustomResourceDefinition"), crd =>
        {
            var annotations = crd["metadata"]!["annotations"]!.AsObject();
            Assert.False(annotations.ContainsKey("helm.sh/resource-policy"));
            Assert.Equal("platform", annotations["example.com/owner"]!.GetValue<string>());
        });
        Assert.Empty(OfKind(notInstalled, "CustomResourceDefinition"));
    }

    [Fact]
    public async Task HelmTemplate_CommonLabels_AreOnEveryObjectAndOnThePods()
    {
        var objects = await TemplateAsync("--set", "commonLabels.team=platform", "--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true", "--set", "dashboards.enabled=true");

        Assert.All(objects, o => Assert.Equal("platform", Labels(o)["team"]?.GetValue<string>()));
        var pod = Assert.Single(OfKind(objects, "Deployment"))["spec"]!["template"]!["metadata"]!["labels"]!;
        Assert.Equal("platform", pod["team"]!.GetValue<string>());
        Assert.Null(Assert.Single(OfKind(objects, "Deployment"))["spec"]!["selector"]!["matchLabels"]!["team"]);
    }

    [Fact]
    public async Task HelmTemplate_ExtraObjects_AsMapsAndStrings_AreRenderedThroughTpl()
    {
        using var dir = new TestSupport.TempDirectory();
        var values = dir.Write("values.yaml", """
            extraObjects:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: "extra-{{ .Release.Name }}"
              - |
                apiVersion: v1
                kind: Secret
                metadata:
                  name: text-{{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
            """);

        var objects = await TemplateAsync("-f", values);

        Assert.Contains(OfKind(objects, "ConfigMap"), c => c["metadata"]!["name"]!.GetValue<string>() == "extra-ga");
        var secret = Assert.Single(OfKind(objects, "Secret"));
        Assert.Equal(("text-ga", "gitops-agent"), (secret["metadata"]!["name"]!.GetValue<string>(), secret["metadata"]!["namespace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task HelmTemplate_ImageDigest_PullsByDigest_AndAMalformedDigestIsRejected()
    {
        var digest = "sha256:" + new string('a', 64);
        var objects = await TemplateAsync("--set", $"image.digest={digest}");
        var (exitCode, _, error) = await HelmAsync("template", "ga", RepositoryPaths.Chart, "--set", "image.digest=latest");

        var container = Assert.Single(OfKind(objects, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal($"ghcr.io/gitops-agent/gitops-agent@{digest}", container["image"]!.GetValue<string>());
        Assert.NotEqual(0, exitCode);
        Assert.Contains("digest", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmTemplate_ServiceMonitorNamespaceAndRelabelings_AreRendered()
    {
        var objects = await TemplateAsync("--set", "serviceMonitor.enabled=true", "--set", "serviceMonitor.namespace=monitoring",
            "--set", "serviceMonitor.relabelings[0].targetLabel=cluster", "--set", "serviceMonitor.relabelings[0].replacement=prod",
            "--set", "serviceMonitor.metricRelabelings[0].action=drop", "--set", "serviceMonitor.metricRelabelings[0].regex=go_.*");

        var monitor = Assert.Single(OfKind(objects, "ServiceMonitor"));
        Assert.Equal("monitoring", monitor["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("gitops-agent", monitor["spec"]!["namespaceSelector"]!["matchNames"]![0]!.GetValue<string>());
        var endpoint = monitor["spec"]!["endpoints"]![0]!;
        Assert.Equal("cluster", endpoint["relabelings"]![0]!["targetLabel"]!.GetValue<string>());
        Assert.Equal("drop", endpoint["metricRelabelings"]![0]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task HelmTemplate_NamespaceScope_LetsTheControllerLabelItsOwnPod()
    {
        var objects = await TemplateAsync(NamespaceScope);

        var role = OfKind(objects, "Role").Single(r => r["metadata"]!["name"]!.GetValue<string>().EndsWith("-leader-election", StringComparison.Ordinal));
        Assert.Equal("gitops-agent", role["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Contains(role["rules"]!.AsArray(), r => r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "pods")
            && r["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).SequenceEqual(["get", "patch"]));
    }
}
