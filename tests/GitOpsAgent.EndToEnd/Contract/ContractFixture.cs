using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>
/// One cluster target per test class (the test API server, k3s in Docker, or the cluster of GITOPSAGENT_E2E_KUBECONFIG): the
/// contract cases run unchanged against both, each in its own namespace.
/// </summary>
public sealed class ContractFixture : IAsyncLifetime
{
    public ClusterTarget Cluster { get; private set; } = null!;

    public KubernetesApi Kube => Cluster.Client;

    public async ValueTask InitializeAsync() => Cluster = await ClusterTarget.StartAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The managedFields entry of <paramref name="manager"/> for the main resource, or null.</summary>
    public static JsonObject? ManagedFieldsOf(JsonObject obj, string manager) =>
        (obj.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => e.GetStringAt("manager") == manager && string.IsNullOrEmpty(e.GetStringAt("subresource")));

    /// <summary>True when <paramref name="manager"/> owns the field at <paramref name="path"/> (f: keys, e.g. "f:data", "f:value").</summary>
    public static bool Owns(JsonObject obj, string manager, params string[] path)
    {
        var node = ManagedFieldsOf(obj, manager)?.GetObjectAt("fieldsV1");
        foreach (var key in path)
        {
            node = node?[key] as JsonObject;
        }

        return node is not null;
    }
}

/// <summary>Objects the contract cases write.</summary>
internal static class ContractObjects
{
    public static JsonObject ConfigMap(string ns, string name, IReadOnlyDictionary<string, string> data, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
    }

    public static JsonObject ConfigMap(string ns, string name, string value) =>
        ConfigMap(ns, name, new Dictionary<string, string> { ["value"] = value });
}
