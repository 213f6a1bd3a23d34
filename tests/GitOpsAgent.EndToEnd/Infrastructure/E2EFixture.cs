using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>One cluster target and one Git server shared by the tests of a class; each test gets its own namespace.</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public ClusterTarget Cluster { get; private set; } = null!;

    public GitTestServer Git { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await ClusterTarget.StartAsync();
        Git = await GitTestServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Git.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    public Task<JsonObject?> GetApplicationAsync(string ns, string name) =>
        Cluster.Client.GetAsync("gitopsagent.io/v1alpha1", "Application", ns, name, default);

    /// <summary>Waits until the Application reports <paramref name="syncStatus"/> at <paramref name="revision"/> (any revision when null).</summary>
    public Task WaitForSyncAsync(string ns, string name, string syncStatus, string? revision = null, TimeSpan? timeout = null) =>
        Cluster.WaitAsync(async () =>
        {
            var app = await GetApplicationAsync(ns, name);
            return app?.GetStringAt("status", "sync", "status") == syncStatus
                && (revision is null || app.GetStringAt("status", "sync", "revision") == revision);
        }, $"Application {ns}/{name} to be {syncStatus}" + (revision is null ? "" : $" at {revision}"), timeout);

    public async Task<string> DescribeAsync(string ns, string name) =>
        (await GetApplicationAsync(ns, name))?.GetObjectAt("status")?.ToJsonString() ?? "<no Application>";
}

/// <summary>Manifests the scenarios deploy.</summary>
public static class TestManifests
{
    public static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          value: "{value}"
        """;

    public static string Deployment(string name, int replicas, string image = "registry.k8s.io/pause:3.9") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
                - name: main
                  image: {{image}}
                  resources:
                    requests: {cpu: 10m, memory: 16Mi}
        """;

    public static string Service(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
        spec:
          selector: {app: {{name}}}
          ports:
            - port: 80
              targetPort: 8080
        """;

    /// <summary>An Application deploying <paramref name="path"/> of <paramref name="repoUrl"/> into its own namespace.</summary>
    public static JsonObject Application(string ns, string name, string repoUrl, string path, bool automated = true, bool prune = true, bool selfHeal = true, string? targetRevision = null, string? deletionPolicy = null)
    {
        var spec = new JsonObject
        {
            ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["path"] = path, ["targetRevision"] = targetRevision ?? "main" },
            ["destination"] = new JsonObject { ["namespace"] = ns },
            ["syncPolicy"] = new JsonObject { ["interval"] = "2s" },
        };
        if (automated)
        {
            spec["syncPolicy"]!["automated"] = new JsonObject { ["prune"] = prune, ["selfHeal"] = selfHeal };
        }

        if (deletionPolicy is not null)
        {
            spec["deletionPolicy"] = deletionPolicy;
        }

        return new JsonObject
        {
            ["apiVersion"] = "gitopsagent.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }
}
