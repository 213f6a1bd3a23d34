using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Leases;

/// <summary>Stores Leases with resourceVersion-checked PUTs and AlreadyExists on create, like the API server.</summary>
public sealed class InMemoryLeaseApi : UnsupportedApi
{
    private readonly Dictionary<string, JsonObject> _leases = [];
    private int _version;

    /// <summary>Runs before a write is checked, to simulate a competing writer.</summary>
    public Action? BeforeWrite { get; set; }

    public JsonObject? Stored(string ns, string name) => _leases.GetValueOrDefault($"{ns}/{name}")?.DeepClone().AsObject();

    public void Put(JsonObject lease)
    {
        lease["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
        _leases[$"{lease.GetNamespace()}/{lease.GetName()}"] = lease.DeepClone().AsObject();
    }

    public override Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct) =>
        Task.FromResult(Stored(ns!, name));

    public override Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct)
    {
        BeforeWrite?.Invoke();
        if (_leases.ContainsKey($"{obj.GetNamespace()}/{obj.GetName()}"))
        {
            throw new KubernetesConflictException("AlreadyExists", "leases already exists", []);
        }

        Put(obj.DeepClone().AsObject());
        return Task.FromResult(Stored(obj.GetNamespace(), obj.GetName())!);
    }

    public override Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct)
    {
        BeforeWrite?.Invoke();
        var current = _leases[$"{obj.GetNamespace()}/{obj.GetName()}"];
        if (current.GetStringAt("metadata", "resourceVersion") != obj.GetStringAt("metadata", "resourceVersion"))
        {
            throw new KubernetesConflictException("Conflict", "the object has been modified", []);
        }

        Put(obj.DeepClone().AsObject());
        return Task.FromResult(Stored(obj.GetNamespace(), obj.GetName())!);
    }
}
