using System.Text.Json.Nodes;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>
/// Turns what we applied into what the API server would return: server metadata, defaults, status, and managedFields
/// with our Apply entry plus a kube-controller-manager Update entry for status (so the differ reads real ownership).
/// </summary>
internal static class LiveObjectBuilder
{
    public static JsonObject Build(JsonObject applied, IListTypes listTypes, Action<JsonObject> addServerDefaults, JsonObject status)
    {
        var live = (JsonObject)applied.DeepClone();
        var apiVersion = live["apiVersion"]!.GetValue<string>();
        var metadata = (JsonObject)live["metadata"]!;
        metadata["uid"] = "6f1c9a2e-3b7d-4e58-9a41-0c2d7e8f5b13";
        metadata["resourceVersion"] = "918273";
        metadata["generation"] = 7;
        metadata["creationTimestamp"] = "2026-10-01T08:00:00Z";
        addServerDefaults(live);
        live["status"] = status.DeepClone();
        metadata["managedFields"] = new JsonArray(
            Entry("gitops-agent", "Apply", apiVersion, FieldSet.FromObject(applied, listTypes).ToFieldsV1(), subresource: null),
            Entry("kube-controller-manager", "Update", apiVersion, new JsonObject { ["f:status"] = FieldsOf(status) }, subresource: "status"));
        return live;
    }

    private static JsonObject Entry(string manager, string operation, string apiVersion, JsonObject fields, string? subresource)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = apiVersion,
            ["time"] = "2026-11-20T12:00:00Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (subresource is not null) entry["subresource"] = subresource;
        return entry;
    }

    /// <summary>fieldsV1 of a status written by a controller: objects by field, condition-like lists keyed by type.</summary>
    private static JsonObject FieldsOf(JsonNode? node)
    {
        var fields = new JsonObject();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) fields["f:" + name] = FieldsOf(child);
                break;
            case JsonArray list when list.All(i => i is JsonObject o && o.ContainsKey("type")):
                foreach (var item in list.OfType<JsonObject>())
                {
                    var itemFields = FieldsOf(item);
                    itemFields["."] = new JsonObject();
                    fields[$"k:{{\"type\":\"{item["type"]!.GetValue<string>()}\"}}"] = itemFields;
                }

                break;
        }

        return fields;
    }
}
