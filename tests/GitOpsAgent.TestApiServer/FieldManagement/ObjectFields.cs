using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>Which part of an object a write touches: everything but status, or only status (the /status subresource).</summary>
public enum FieldScope
{
    /// <summary>The whole object, for kinds without a status subresource.</summary>
    All,
    Main,
    Status,
}

/// <summary>Turns objects into field sets and finds, compares and removes the values at fieldsV1 paths.</summary>
public sealed class ObjectFields(ListTypes listTypes, string group, string kind)
{
    private static readonly HashSet<string> ServerOwnedMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generateName",
    ];

    /// <summary>The fields an object (or applied configuration) sets, the way SSA computes a manager's set.</summary>
    public FieldTrie SetOf(JsonObject obj, FieldScope scope)
    {
        var trie = new FieldTrie();
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (key == "status" && scope == FieldScope.Main) || (key != "status" && scope == FieldScope.Status))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (mkey, mvalue) in metadata)
                {
                    if (!ServerOwnedMetadata.Contains(mkey))
                    {
                        WalkValue(mvalue, trie.Child("f:metadata").Child("f:" + mkey), "metadata." + mkey);
                    }
                }

                continue;
            }

            WalkValue(value, trie.Child("f:" + key), key);
        }

        return trie;
    }

    private void WalkValue(JsonNode? value, FieldTrie node, string path)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (key, child) in o)
                {
                    WalkValue(child, node.Child("f:" + key), $"{path}.{key}");
                }

                break;
            case JsonArray a when a.Count > 0:
                var rule = listTypes.ForPath(group, kind, path);
                if (rule.Type == ListType.Atomic)
                {
                    node.Member = true;
                    break;
                }

                foreach (var item in a)
                {
                    if (rule.Type == ListType.Set || item is not JsonObject itemObject)
                    {
                        node.Child("v:" + Compact(item)).Member = true;
                        continue;
                    }

                    var itemNode = node.Child(KeyOf(itemObject, rule));
                    itemNode.Member = true;
                    foreach (var (key, child) in itemObject)
                    {
                        WalkValue(child, itemNode.Child("f:" + key), $"{path}[].{key}");
                    }
                }

                break;
            default:
                node.Member = true;
                break;
        }
    }

    public ListSchema RuleFor(string schemaPath) => listTypes.ForPath(group, kind, schemaPath);

    /// <summary>"k:{...}" with the key fields in key order; a missing port "protocol" is "TCP", as the server defaults it.</summary>
    public static string KeyOf(JsonObject item, ListSchema rule) => ListItemKeys.KeyOf(item, rule).Raw;

    public static string Compact(JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>The node at a fieldsV1 path, with whether it exists (a present null is found).</summary>
    public static (bool Found, JsonNode? Value) Resolve(JsonNode? root, IReadOnlyList<string> path)
    {
        var current = root;
        foreach (var element in path)
        {
            if (!TryStep(current, element, out current, out _))
            {
                return (false, null);
            }
        }

        return (true, current);
    }

    /// <summary>Removes the field or list item at the path; false when it was not there.</summary>
    public static bool Remove(JsonNode root, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return false;
        }

        var (found, parent) = Resolve(root, path.Take(path.Count - 1).ToArray());
        if (!found)
        {
            return false;
        }

        var last = path[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject o)
        {
            return o.Remove(last[2..]);
        }

        if (parent is JsonArray a && TryStep(a, last, out _, out var index))
        {
            a.RemoveAt(index);
            return true;
        }

        return false;
    }

    private static bool TryStep(JsonNode? current, string element, out JsonNode? next, out int index)
    {
        next = null;
        index = -1;
        var kind = element.Length > 1 ? element[..2] : "";
        var body = element.Length > 2 ? element[2..] : "";
        switch (kind)
        {
            case "f:" when current is JsonObject o:
                return o.TryGetPropertyValue(body, out next);
            case "k:" when current is JsonArray a:
                var key = JsonNode.Parse(body) as JsonObject ?? [];
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonObject item && key.All(kv => JsonNode.DeepEquals(item[kv.Key] ?? DefaultKeyValue(kv.Key), kv.Value)))
                    {
                        (next, index) = (item, i);
                        return true;
                    }
                }

                return false;
            case "v:" when current is JsonArray a:
                var wanted = JsonNode.Parse(body);
                for (var i = 0; i < a.Count; i++)
                {
                    if (JsonNode.DeepEquals(a[i], wanted))
                    {
                        (next, index) = (a[i], i);
                        return true;
                    }
                }

                return false;
            case "i:" when current is JsonArray a && int.TryParse(body, out var at) && at >= 0 && at < a.Count:
                (next, index) = (a[at], at);
                return true;
            default:
                return false;
        }
    }

    private static JsonNode? DefaultKeyValue(string field) => field == "protocol" ? JsonValue.Create("TCP") : null;

    /// <summary>A path as the API server prints it in conflicts: .spec.template.spec.containers[name="web"].image.</summary>
    public static string Describe(IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element.Length > 2 ? element[2..] : "";
            switch (element[..Math.Min(2, element.Length)])
            {
                case "f:":
                    text.Append('.').Append(body);
                    break;
                case "k:":
                    var key = JsonNode.Parse(body) as JsonObject ?? [];
                    text.Append('[').Append(string.Join(",", key.Select(kv => $"{kv.Key}={Compact(kv.Value)}"))).Append(']');
                    break;
                case "v:":
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    public static bool IsItem(IReadOnlyList<string> path) =>
        path.Count > 0 && (path[^1].StartsWith("k:", StringComparison.Ordinal) || path[^1].StartsWith("v:", StringComparison.Ordinal) || path[^1].StartsWith("i:", StringComparison.Ordinal));
}
