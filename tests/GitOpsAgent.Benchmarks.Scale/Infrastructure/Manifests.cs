using System.Text.Json.Nodes;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>The objects the scenarios deploy, as YAML files in Git.</summary>
public static class Manifests
{
    public static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          value: "{value}"
          settings.yaml: |
            replicas: 2
            logLevel: info
            feature: {name}
        """ + "\n";

    public static string Deployment(string name) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
                - name: main
                  image: registry.k8s.io/pause:3.9
                  resources:
                    requests: {cpu: 10m, memory: 16Mi}
        """ + "\n";

    /// <summary>The files of one Application's path: <paramref name="configMaps"/> ConfigMaps and <paramref name="deployments"/> Deployments.</summary>
    public static Dictionary<string, string> AppFiles(string path, string prefix, int configMaps, int deployments, string value = "v0")
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < configMaps; i++)
        {
            files[$"{path}/cm-{i}.yaml"] = ConfigMap($"{prefix}cm-{i}", value);
        }

        for (var i = 0; i < deployments; i++)
        {
            files[$"{path}/deploy-{i}.yaml"] = Deployment($"{prefix}web-{i}");
        }

        return files;
    }

    /// <summary>An automated Application of <paramref name="path"/> in <paramref name="repoUrl"/>, deploying into its own namespace.</summary>
    public static JsonObject Application(string ns, string name, string repoUrl, string path, string? interval = null)
    {
        var syncPolicy = new JsonObject { ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true } };
        if (interval is not null)
        {
            syncPolicy["interval"] = interval;
        }

        return new JsonObject
        {
            ["apiVersion"] = BenchCluster.AppApiVersion,
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["path"] = path, ["targetRevision"] = "main" },
                ["destination"] = new JsonObject { ["namespace"] = ns },
                ["syncPolicy"] = syncPolicy,
            },
        };
    }
}
