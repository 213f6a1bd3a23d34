using System.Collections.Frozen;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Fields;

/// <summary>Computes the field set of an applied configuration (structured-merge-diff's ToFieldSet plus the API server's stripped fields).</summary>
internal static class FieldSetBuilder
{
    // The API server strips these from every manager's set: they identify the object or belong to the server.
    private static readonly FrozenSet<string> StrippedMetadata = new[]
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static FieldSet FromAppliedObject(JsonObject obj, IListTypes listTypes)
    {
        var group = obj.GetGroup();
        var kind = obj.GetKind();
        var children = new List<KeyValuePair<PathElement, FieldSet>>();
        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case "apiVersion" or "kind" or "status":
                    continue;
                case "metadata" when value is JsonObject metadata:
                    var kept = metadata.Where(kv => !StrippedMetadata.Contains(kv.Key))
                        .Select(kv => new KeyValuePair<PathElement, FieldSet>(PathElement.Field(kv.Key), Walk(kv.Value, "metadata." + kv.Key, group, kind, listTypes)));
                    children.Add(new(PathElement.Field(name), FieldSet.Create(false, kept)));
                    break;
                default:
                    children.Add(new(PathElement.Field(name), Walk(value, name, group, kind, listTypes)));
                    break;
            }
        }

        return FieldSet.Create(false, children);
    }

    private static FieldSet Walk(JsonNode? node, string path, string group, string kind, IListTypes listTypes)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                return FieldSet.Create(false, obj.Select(kv => new KeyValuePair<PathElement, FieldSet>(
                    PathElement.Field(kv.Key), Walk(kv.Value, $"{path}.{kv.Key}", group, kind, listTypes))));
            case JsonArray list when list.Count > 0:
                var schema = listTypes.ForPath(group, kind, path);
                return schema.Type switch
                {
                    ListType.Set => FieldSet.Create(false, list.Select(item => new KeyValuePair<PathElement, FieldSet>(PathElement.Value(item), FieldSet.Leaf))),
                    ListType.Map => FieldSet.Create(false, list.OfType<JsonObject>().Select(item => new KeyValuePair<PathElement, FieldSet>(
                        ListItemKeys.KeyOf(item, schema), WalkItem(item, path + "[]", group, kind, listTypes)))),
                    _ => FieldSet.Leaf,
                };
            default:
                return FieldSet.Leaf;
        }
    }

    private static FieldSet WalkItem(JsonObject item, string path, string group, string kind, IListTypes listTypes) =>
        FieldSet.Create(true, item.Select(kv => new KeyValuePair<PathElement, FieldSet>(
            PathElement.Field(kv.Key), Walk(kv.Value, $"{path}.{kv.Key}", group, kind, listTypes))));
}
