using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.TestApiServer.FieldManagement;

namespace GitOpsAgent.TestApiServer.Patching;

/// <summary>
/// JSON merge patch (RFC 7386); with list rules it becomes this server's approximation of a strategic merge patch:
/// lists that SSA treats as maps merge item by item on their keys, sets merge by value, other lists are replaced.
/// </summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, ObjectFields? strategic = null, string path = "")
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject o ? (JsonObject)o.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$", StringComparison.Ordinal))
            {
                continue; // strategic-merge directives are not supported beyond plain merging
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                result.Remove(key);
            }
            else if (strategic is not null && value is JsonArray items && result[key] is JsonArray existing)
            {
                result[key] = MergeList(existing, items, strategic, childPath);
            }
            else
            {
                result[key] = Apply(result[key], value, strategic, childPath);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, ObjectFields strategic, string path)
    {
        var rule = strategic.RuleFor(path);
        if (rule.Type == ListType.Atomic)
        {
            return (JsonArray)patch.DeepClone();
        }

        var result = (JsonArray)existing.DeepClone();
        foreach (var item in patch)
        {
            if (rule.Type == ListType.Set || item is not JsonObject itemObject)
            {
                if (!result.Any(r => JsonNode.DeepEquals(r, item)))
                {
                    result.Add(item?.DeepClone());
                }

                continue;
            }

            var key = ObjectFields.KeyOf(itemObject, rule);
            var index = result.Select((r, i) => (r, i)).FirstOrDefault(x => x.r is JsonObject ro && ObjectFields.KeyOf(ro, rule) == key, (null, -1)).i;
            if (index < 0)
            {
                result.Add(itemObject.DeepClone());
            }
            else if (itemObject["$patch"]?.GetValue<string>() == "delete")
            {
                result.RemoveAt(index);
            }
            else
            {
                result[index] = Apply(result[index], itemObject, strategic, path + "[]");
            }
        }

        return result;
    }
}
