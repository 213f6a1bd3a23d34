using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.FieldManagement;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Writes;

/// <summary>The scale subresource: an autoscaling/v1 Scale view of spec.replicas.</summary>
public sealed partial class ObjectWriter
{
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
}
