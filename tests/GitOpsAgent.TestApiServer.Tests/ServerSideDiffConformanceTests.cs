using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>
/// gitops-engine's server-side diff fixtures: a live object with real managedFields, a desired config applied by
/// "argocd-controller", and the object a real API server predicted (dry-run apply). The merge and removal this server
/// does must give the same containers, ports (in the same order), env and labels. Fields a mutating webhook added in
/// the recorded cluster are left out (labels valued FROM-MUTATION-WEBHOOK); smd-deploy2 is not used because its
/// prediction drops a port that only the recorded cluster's webhook explains.
/// </summary>
public sealed class ServerSideDiffConformanceTests : ServerTestBase
{
    [Theory]
    [InlineData("ssd-deploy-nested-live.yaml", "ssd-deploy-nested-config.yaml", "ssd-deploy-nested-predicted-live.json")]
    [InlineData("ssd-deploy-composite-key-live.yaml", "ssd-deploy-composite-key-config.yaml", "ssd-deploy-composite-key-predicted-live.json")]
    [InlineData("ssd-deploy-with-manual-apply-live.yaml", "ssd-deploy-with-manual-apply-config.yaml", "ssd-deploy-with-manual-apply-predicted-live.json")]
    [InlineData("ssd-svc-label-live.yaml", "ssd-svc-no-label-config.yaml", "ssd-svc-no-label-predicted-live.json")]
    public async Task DryRunApply_AsArgoCd_PredictsWhatARealServerPredicted(string liveFile, string configFile, string predictedFile)
    {
        var live = Read(ConformanceData.RequireDiffFixture(liveFile));
        var config = Read(ConformanceData.RequireDiffFixture(configFile));
        var predicted = Read(ConformanceData.RequireDiffFixture(predictedFile));
        live.GetOrAddObject("metadata").Remove("resourceVersion");
        Server.Store.Put(live);
        var path = PathOf(config);

        var (status, result) = await Api.ApplyAsync(path, config, "argocd-controller", force: true, dryRun: true);

        Assert.True((int)status == 200, result.ToJsonString());
        Assert.Equal(Project(predicted), Project(result));
    }

    private static JsonObject Read(string file) =>
        (JsonObject)YamlDocumentReader.Read(File.ReadAllText(file), file)[0].Root!;

    private static string PathOf(JsonObject obj)
    {
        var ns = obj.GetNamespace().Length > 0 ? obj.GetNamespace() : "default";
        return obj.GetKind() switch
        {
            "Deployment" => $"/apis/apps/v1/namespaces/{ns}/deployments/{obj.GetName()}",
            "Service" => $"/api/v1/namespaces/{ns}/services/{obj.GetName()}",
            var kind => throw new InvalidOperationException($"no path for {kind}"),
        };
    }

    /// <summary>What the fixtures pin down: labels, and per container its ports, env and resources; Service ports.</summary>
    private static string Project(JsonObject obj)
    {
        var lines = new List<string>
        {
            "labels: " + string.Join(",", (obj.GetObjectAt("metadata", "labels") ?? []).Where(kv => kv.Value?.ToString().Contains("MUTATION-WEBHOOK", StringComparison.Ordinal) != true).Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal)),
        };
        foreach (var container in (obj.GetArrayAt("spec", "template", "spec", "containers") ?? []).OfType<JsonObject>())
        {
            lines.Add($"container {container.GetStringAt("name")} image={container.GetStringAt("image")}");
            lines.Add("  ports: " + string.Join(",", (container.GetArrayAt("ports") ?? []).OfType<JsonObject>().Select(p => $"{p.GetStringAt("name")}:{p["containerPort"]}/{p.GetStringAt("protocol") ?? "TCP"}")));
            lines.Add("  env: " + string.Join(",", (container.GetArrayAt("env") ?? []).OfType<JsonObject>().Select(e => $"{e.GetStringAt("name")}={e.GetStringAt("value")}")));
            lines.Add("  resources: " + Normalize(container["resources"]));
        }

        foreach (var port in (obj.GetArrayAt("spec", "ports") ?? []).OfType<JsonObject>())
        {
            lines.Add($"service port {port.GetStringAt("name")}:{port["port"]}/{port.GetStringAt("protocol") ?? "TCP"} -> {port["targetPort"]}");
        }

        return string.Join("\n", lines);
    }

    private static string Normalize(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Normalize(kv.Value)}")) + "}",
        null => "",
        _ => node.ToString(),
    };
}
