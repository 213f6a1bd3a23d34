using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Turns a last-applied configuration (kubectl's annotation) into a fieldsV1-style trie, so both sources of "what we
/// applied last" are read the same way. Unlike SSA, atomic lists are expanded by index ("i:n"): the annotation has
/// the whole value, so a field dropped inside an atomic list item can still be told from a server default.
/// </summary>
internal static class LastAppliedFields
{
    public static JsonObject FromObject(JsonObject applied, string group, string kind, IListTypes listTypes)
    {
        var trie = new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind" or "status") continue;
            trie["f:" + key] = Build(value, SchemaPath.Root.Field(key), group, kind, listTypes);
        }

        return trie;
    }

    private static JsonObject Build(JsonNode? value, SchemaPath path, string group, string kind, IListTypes listTypes)
    {
        switch (value)
        {
            case JsonObject obj:
                var node = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    node["f:" + key] = Build(child, path.Field(key), group, kind, listTypes);
                }

                return node;
            case JsonArray list:
                var schema = listTypes.ForPath(group, kind, path.Schema);
                var items = new JsonObject();
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    string element;
                    if (schema.Type == ListType.Map && item is JsonObject keyed)
                    {
                        var keyFields = new JsonObject();
                        foreach (var k in schema.Keys)
                        {
                            keyFields[k] = ListItemMatcher.KeyValue(keyed, k)?.DeepClone();
                        }

                        element = "k:" + keyFields.ToJsonString();
                    }
                    else if (schema.Type == ListType.Set)
                    {
                        element = "v:" + (item?.ToJsonString() ?? "null");
                    }
                    else
                    {
                        element = "i:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    var child = Build(item, path.Item(""), group, kind, listTypes);
                    child["."] = new JsonObject();
                    items[element] = child;
                }

                return items;
            default:
                return [];
        }
    }
}
