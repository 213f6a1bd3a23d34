using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.Http;
using GitOpsAgent.TestApiServer.Storage;

namespace GitOpsAgent.TestApiServer.Writes;

/// <summary>Deletion: preconditions, finalizers, namespaces.</summary>
public sealed partial class ObjectWriter
{
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
}
