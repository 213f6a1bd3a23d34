using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Admission;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.FieldManagement;
using GitOpsAgent.TestApiServer.Storage;

namespace GitOpsAgent.TestApiServer.Writes;

/// <summary>The end of every write path.</summary>
public sealed partial class ObjectWriter
{
    /// <summary>Finishes a write: server fields, defaults, ownership, generation, status; stores unless nothing changed.</summary>
    private JsonObject Save(ResourceType type, JsonObject? live, JsonObject candidate, WriteRequest request, Func<JsonObject, List<ManagedFieldsEntry>> ownership)
    {
        candidate["apiVersion"] = type.ApiVersion;
        candidate["kind"] = type.Kind;
        var metadata = candidate.GetOrAddObject("metadata");
        if (live is null)
        {
            NameValidation.Check(type, candidate.GetName());
        }

        if (type.Namespaced)
        {
            metadata["namespace"] = live?.GetNamespace() ?? candidate.GetNamespace();
        }
        else
        {
            metadata.Remove("namespace");
        }

        var scope = ScopeOf(type, request.Subresource);
        if (scope == FieldScope.Main)
        {
            candidate.Remove("status");
            if (live?["status"] is { } liveStatus)
            {
                candidate["status"] = liveStatus.DeepClone();
            }
        }

        foreach (var field in ServerMetadata)
        {
            metadata.Remove(field);
            if (live?["metadata"]?[field] is { } kept && field != "resourceVersion")
            {
                metadata[field] = kept.DeepClone();
            }
        }

        var now = store.Now();
        metadata.TryAdd("uid", Guid.NewGuid().ToString());
        metadata.TryAdd("creationTimestamp", now);
        if (scope != FieldScope.Status)
        {
            defaulter.Apply(candidate, live);
            Defaulter.Validate(candidate, live);
        }

        var entries = ownership(candidate);
        var liveEntries = live is null ? [] : ManagedFieldsEntry.ReadAll(live);
        foreach (var entry in entries)
        {
            var before = liveEntries.FirstOrDefault(e => e.Is(entry.Manager, entry.Operation, entry.Subresource));
            entry.Time = before is not null && before.Fields.SameAs(entry.Fields) ? before.Time : now;
        }

        ManagedFieldsEntry.WriteAll(candidate, entries);
        var generation = live?.GetInt64At("metadata", "generation") ?? 0;
        if (live is null || !JsonNode.DeepEquals(SpecOf(live), SpecOf(candidate)))
        {
            generation++;
        }

        metadata["generation"] = generation;
        CustomResourceDefinitions.Establish(candidate);
        if (type is { Group: "", Kind: "Namespace" })
        {
            candidate["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (fakeControllers && scope != FieldScope.Status && (live is null || generation != live.GetInt64At("metadata", "generation")))
        {
            FakeControllers.SetStatus(candidate, now);
        }

        if (live is not null)
        {
            var unchanged = (JsonObject)live.DeepClone();
            unchanged.GetOrAddObject("metadata").Remove("resourceVersion");
            if (JsonNode.DeepEquals(unchanged, candidate))
            {
                return ObjectStore.WithVersion(live, type);
            }
        }

        if (request.DryRun)
        {
            if (live?.GetStringAt("metadata", "resourceVersion") is { } rv)
            {
                metadata["resourceVersion"] = rv;
            }

            return ObjectStore.WithVersion(candidate, type);
        }

        if (live?.GetStringAt("metadata", "deletionTimestamp") is not null && candidate.GetArrayAt("metadata", "finalizers") is null or { Count: 0 })
        {
            return ObjectStore.WithVersion(store.Commit(type, "DELETED", candidate), type);
        }

        return ObjectStore.WithVersion(store.Commit(type, live is null ? "ADDED" : "MODIFIED", candidate), type);
    }

    private static JsonObject SpecOf(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        return copy;
    }
}
