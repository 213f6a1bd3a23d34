using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Admission;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.FieldManagement;
using GitOpsAgent.TestApiServer.Http;
using GitOpsAgent.TestApiServer.Patching;
using GitOpsAgent.TestApiServer.Storage;

namespace GitOpsAgent.TestApiServer.Writes;

/// <summary>
/// The write path of the API server: merge or patch, ownership (managedFields), defaults, generation, the fake
/// controllers' status, then store (unless dry run or nothing changed).
/// </summary>
public sealed class ObjectWriter(ObjectStore store, Defaulter defaulter, bool fakeControllers)
{
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

    public JsonObject Create(ResourceType type, string ns, JsonObject body, WriteRequest request)
    {
        var candidate = (JsonObject)body.DeepClone();
        var metadata = candidate.GetOrAddObject("metadata");
        if (string.IsNullOrEmpty(metadata.GetStringAt("name")) && metadata.GetStringAt("generateName") is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        var name = candidate.GetName();
        if (name.Length == 0)
        {
            throw ApiException.Invalid(type.Group, type.Kind, "", "metadata.name", "Required value: name or generateName is required");
        }

        lock (store.Gate)
        {
            CheckNamespace(type, ns, candidate);
            if (store.Find(type, ns, name) is not null)
            {
                throw ApiException.AlreadyExists(type.Group, type.Plural, name);
            }

            foreach (var field in ServerMetadata.Append("managedFields"))
            {
                metadata.Remove(field);
            }

            var scope = ScopeOf(type, "");
            var manager = new FieldManager(Fields(type), scope);
            var requested = (JsonObject)candidate.DeepClone();
            return Save(type, null, candidate, request, final => manager.Update(null, requested, final, request.Manager, "", type.ApiVersion));
        }
    }

    public JsonObject Replace(ResourceType type, string ns, string name, JsonObject body, WriteRequest request)
    {
        lock (store.Gate)
        {
            var live = store.Find(type, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            return ReplaceLocked(type, ns, live, body, request);
        }
    }

    public JsonObject Patch(ResourceType type, string ns, string name, string contentType, string bodyText, WriteRequest request, out bool created)
    {
        created = false;
        lock (store.Gate)
        {
            var live = store.Find(type, ns, name);
            if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
            {
                var applied = RequestBodies.ParseObject(bodyText);
                CheckApplied(type, ns, name, applied);
                Defaulter.CanonicalizeQuantities(applied);
                if (live is null)
                {
                    if (request.Subresource.Length > 0)
                    {
                        throw ApiException.NotFound(type.Group, type.Plural, name);
                    }

                    created = true;
                    return ApplyCreate(type, ns, applied, request);
                }

                return ApplyExisting(type, live, applied, request);
            }

            if (live is null)
            {
                throw ApiException.NotFound(type.Group, type.Plural, name);
            }

            var patched = PatchDocument(type, ObjectStore.WithVersion(live, type), contentType, bodyText);
            return ReplaceLocked(type, ns, live, patched, request);
        }
    }

    public JsonObject GetScale(ResourceType type, string ns, string name)
    {
        lock (store.Gate)
        {
            var live = store.Find(type, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            return ScaleOf(live);
        }
    }

    /// <summary>PUT or non-apply PATCH of the scale subresource: writes spec.replicas as an Update of subresource "scale".</summary>
    public JsonObject UpdateScale(ResourceType type, string ns, string name, string? contentType, string bodyText, WriteRequest request)
    {
        lock (store.Gate)
        {
            var live = store.Find(type, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            var scale = contentType is null ? RequestBodies.ParseObject(bodyText) : PatchDocument(type, ScaleOf(live), contentType, bodyText);
            var replicas = scale.GetInt64At("spec", "replicas") ?? throw ApiException.BadRequest("spec.replicas is required");
            var candidate = (JsonObject)live.DeepClone();
            candidate.GetOrAddObject("spec")["replicas"] = replicas;
            var requested = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
            var manager = new FieldManager(Fields(type), ScopeOf(type, ""));
            var saved = Save(type, live, candidate, request with { Subresource = "scale" },
                final => manager.Update(live, requested, final, request.Manager, "scale", type.ApiVersion));
            return ScaleOf(saved);
        }
    }

    public JsonObject Delete(ResourceType type, string ns, string name, JsonObject? options, bool dryRun)
    {
        lock (store.Gate)
        {
            var live = store.Find(type, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            if (options?.GetStringAt("preconditions", "uid") is { } uid && uid != live.GetStringAt("metadata", "uid"))
            {
                throw ApiException.Conflict(type.Group, type.Plural, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {live.GetStringAt("metadata", "uid")}");
            }

            if (options?.GetStringAt("preconditions", "resourceVersion") is { } rv && rv != live.GetStringAt("metadata", "resourceVersion"))
            {
                throw ApiException.Conflict(type.Group, type.Plural, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {live.GetStringAt("metadata", "resourceVersion")}");
            }

            var copy = (JsonObject)live.DeepClone();
            if (dryRun)
            {
                return ObjectStore.WithVersion(copy, type);
            }

            if (copy.GetArrayAt("metadata", "finalizers") is { Count: > 0 })
            {
                if (copy.GetStringAt("metadata", "deletionTimestamp") is null)
                {
                    copy["metadata"]!["deletionTimestamp"] = store.Now();
                    copy["metadata"]!["deletionGracePeriodSeconds"] = 0;
                    store.Commit(type, "MODIFIED", copy);
                }

                return ObjectStore.WithVersion(copy, type);
            }

            if (type is { Group: "", Kind: "Namespace" })
            {
                foreach (var (childType, child) in store.ItemsInNamespace(name).ToList())
                {
                    store.Commit(childType, "DELETED", (JsonObject)child.DeepClone());
                }
            }

            return ObjectStore.WithVersion(store.Commit(type, "DELETED", copy), type);
        }
    }

    private JsonObject ReplaceLocked(ResourceType type, string ns, JsonObject live, JsonObject body, WriteRequest request)
    {
        var sentVersion = body.GetStringAt("metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(sentVersion) && sentVersion != live.GetStringAt("metadata", "resourceVersion"))
        {
            throw ApiException.Conflict(type.Group, type.Plural, live.GetName(), "the object has been modified; please apply your changes to the latest version and try again");
        }

        if (body.GetName() is { Length: > 0 } bodyName && bodyName != live.GetName())
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({live.GetName()})");
        }

        var scope = ScopeOf(type, request.Subresource);
        JsonObject candidate;
        if (scope == FieldScope.Status)
        {
            candidate = (JsonObject)live.DeepClone();
            candidate["status"] = body["status"]?.DeepClone();
        }
        else
        {
            candidate = (JsonObject)body.DeepClone();
            candidate.GetOrAddObject("metadata")["name"] = live.GetName();
            if (type.Namespaced)
            {
                candidate.SetNamespace(ns);
            }
        }

        var requested = (JsonObject)candidate.DeepClone();
        var manager = new FieldManager(Fields(type), scope);
        return Save(type, live, candidate, request,
            final => manager.Update(live, requested, final, request.Manager, request.Subresource, type.ApiVersion));
    }

    private JsonObject ApplyCreate(ResourceType type, string ns, JsonObject applied, WriteRequest request)
    {
        CheckNamespace(type, ns, applied);
        var scope = ScopeOf(type, request.Subresource);
        var candidate = (JsonObject)applied.DeepClone();
        var metadata = candidate.GetOrAddObject("metadata");
        foreach (var field in ServerMetadata.Append("managedFields"))
        {
            metadata.Remove(field);
        }

        var set = new ObjectFields(store.ListTypes, type.Group, type.Kind).SetOf(applied, scope);
        return Save(type, null, candidate, request,
            _ => [new ManagedFieldsEntry { Manager = request.Manager, Operation = "Apply", ApiVersion = type.ApiVersion, Fields = set }]);
    }

    private JsonObject ApplyExisting(ResourceType type, JsonObject live, JsonObject applied, WriteRequest request)
    {
        var manager = new FieldManager(Fields(type), ScopeOf(type, request.Subresource));
        var (merged, entries, conflicts) = manager.Apply(live, applied, request.Manager, request.Subresource, type.ApiVersion, request.Force);
        if (merged is null)
        {
            throw ConflictError(type, live.GetName(), conflicts);
        }

        return Save(type, live, merged, request, _ => entries);
    }

    private static ApiException ConflictError(ResourceType type, string name, List<FieldConflict> conflicts)
    {
        var causes = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = "FieldManagerConflict",
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural, ["causes"] = causes };
        var count = conflicts.Count == 1 ? "1 conflict" : $"{conflicts.Count} conflicts";
        var message = $"Apply failed with {count}: {string.Join("\n", conflicts.Select(c => c.Message))}";
        return new ApiException(409, "Conflict", message, details);
    }

    /// <summary>Finishes a write: server fields, defaults, ownership, generation, status; stores unless nothing changed.</summary>
    private JsonObject Save(ResourceType type, JsonObject? live, JsonObject candidate, WriteRequest request, Func<JsonObject, List<ManagedFieldsEntry>> ownership)
    {
        candidate["apiVersion"] = type.ApiVersion;
        candidate["kind"] = type.Kind;
        var metadata = candidate.GetOrAddObject("metadata");
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

    private JsonObject PatchDocument(ResourceType type, JsonObject document, string contentType, string bodyText)
    {
        JsonNode? result;
        if (contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal))
        {
            var operations = JsonNode.Parse(bodyText) as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array");
            result = JsonPatch.Apply(document, operations);
        }
        else if (contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            result = MergePatch.Apply(document, RequestBodies.ParseObject(bodyText), Fields(type));
        }
        else if (contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal))
        {
            result = MergePatch.Apply(document, RequestBodies.ParseObject(bodyText));
        }
        else
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }

        return result as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object");
    }

    private static JsonObject ScaleOf(JsonObject live) => new()
    {
        ["kind"] = "Scale",
        ["apiVersion"] = "autoscaling/v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = live.GetName(),
            ["namespace"] = live.GetNamespace(),
            ["uid"] = live.GetStringAt("metadata", "uid"),
            ["resourceVersion"] = live.GetStringAt("metadata", "resourceVersion"),
            ["creationTimestamp"] = live.GetStringAt("metadata", "creationTimestamp"),
        },
        ["spec"] = new JsonObject { ["replicas"] = live.GetInt64At("spec", "replicas") ?? 1 },
        ["status"] = new JsonObject
        {
            ["replicas"] = live.GetInt64At("status", "replicas") ?? 0,
            ["selector"] = string.Join(",", (live.GetObjectAt("spec", "selector", "matchLabels") ?? []).Select(kv => $"{kv.Key}={kv.Value}")),
        },
    };

    private void CheckNamespace(ResourceType type, string ns, JsonObject obj)
    {
        if (!type.Namespaced)
        {
            return;
        }

        var bodyNamespace = obj.GetNamespace();
        if (bodyNamespace.Length > 0 && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (!store.NamespaceExists(ns))
        {
            throw ApiException.NotFound("", "namespaces", ns);
        }

        obj.SetNamespace(ns);
    }

    private static void CheckApplied(ResourceType type, string ns, string name, JsonObject applied)
    {
        if (applied.GetApiVersion().Length == 0 || applied.GetKind().Length == 0)
        {
            throw ApiException.BadRequest("apiVersion and kind must be set in an applied configuration");
        }

        if (applied.GetKind() != type.Kind || applied.GetApiVersion() != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the applied {applied.GetApiVersion()} {applied.GetKind()} does not match the URL's {type.ApiVersion} {type.Kind}");
        }

        if (applied.GetName() != name)
        {
            throw ApiException.BadRequest($"the name of the object ({applied.GetName()}) does not match the name on the URL ({name})");
        }

        if (type.Namespaced && applied.GetNamespace() is { Length: > 0 } appliedNamespace && appliedNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private ObjectFields Fields(ResourceType type) => new(store.ListTypes, type.Group, type.Kind);

    private static FieldScope ScopeOf(ResourceType type, string subresource) =>
        !type.HasStatus ? FieldScope.All : subresource == "status" ? FieldScope.Status : FieldScope.Main;
}
