using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>One metadata.managedFields entry: what one manager owns through one operation and subresource.</summary>
public sealed class ManagedFieldsEntry
{
    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public string Subresource { get; init; } = "";

    public string ApiVersion { get; set; } = "";

    public string Time { get; set; } = "";

    public FieldTrie Fields { get; set; } = new();

    public bool Is(string manager, string operation, string subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;

    public static List<ManagedFieldsEntry> ReadAll(JsonObject obj) =>
        (obj.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>().Select(e => new ManagedFieldsEntry
        {
            Manager = e.GetStringAt("manager") ?? "",
            Operation = e.GetStringAt("operation") ?? "Update",
            Subresource = e.GetStringAt("subresource") ?? "",
            ApiVersion = e.GetStringAt("apiVersion") ?? "",
            Time = e.GetStringAt("time") ?? "",
            Fields = FieldTrie.FromFieldsV1(e.GetObjectAt("fieldsV1")),
        }).ToList();

    /// <summary>Writes the entries (dropping empty ones) into metadata.managedFields, or removes it when none is left.</summary>
    public static void WriteAll(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries.Where(e => !e.Fields.IsEmpty))
        {
            var json = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = entry.Fields.ToFieldsV1(),
            };
            if (entry.Subresource.Length > 0)
            {
                json["subresource"] = entry.Subresource;
            }

            array.Add(json);
        }

        var metadata = obj.GetOrAddObject("metadata");
        if (array.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = array;
        }
    }
}
