using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Objects the tests apply.</summary>
internal static class Objects
{
    public const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    public const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    public static JsonObject Deployment(string name = "web", int? replicas = 2, string image = "nginx:1.27", string extraContainerFields = "")
    {
        var replicasField = replicas is null ? "" : $"\"replicas\": {replicas},";
        return Json.Obj($$$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "{{{name}}}", "labels": {"app": "{{{name}}}"}},
              "spec": {
                {{{replicasField}}}
                "selector": {"matchLabels": {"app": "{{{name}}}"}},
                "template": {
                  "metadata": {"labels": {"app": "{{{name}}}"}},
                  "spec": {"containers": [{"name": "web", "image": "{{{image}}}"{{{extraContainerFields}}}}]}
                }
              }
            }
            """);
    }

    public static JsonObject ConfigMap(string name, string dataJson = "{\"a\": \"1\"}", string labelsJson = "{}") => Json.Obj($$"""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "{{name}}", "labels": {{labelsJson}}}, "data": {{dataJson}}}
        """);
}
