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
public sealed partial class ObjectWriter(ObjectStore store, Defaulter defaulter, bool fakeControllers)
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

        // managedFields written explicitly replace the server's bookkeeping (kubectl does this to move ownership
        // from client-side to server-side apply); [] clears it.
        var sentManagedFields = body.GetArrayAt("metadata", "managedFields");
        if (scope != FieldScope.Status && sentManagedFields is not null && !JsonNode.DeepEquals(sentManagedFields, live.GetArrayAt("metadata", "managedFields")))
        {
            var explicitEntries = ManagedFieldsEntry.ReadAll(body);
            return Save(type, live, candidate, request, _ => explicitEntries);
        }

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
            ["reason"] = "FieldManagerConflict",
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural, ["causes"] = causes };
        var count = conflicts.Count == 1 ? "1 conflict" : $"{conflicts.Count} conflicts";
        var message = $"Apply failed with {count}: {string.Join("\n", conflicts.Select(c => c.Message))}";
        return new ApiException(409, "Conflict", message, details);
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
