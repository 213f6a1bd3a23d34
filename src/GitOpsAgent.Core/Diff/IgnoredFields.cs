using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Applies spec.ignoreDifferences by removing the ignored fields from both sides before the comparison, so an
/// ignored field is neither a difference nor "removed from Git".
/// </summary>
internal sealed class IgnoredFields(string group, string kind, IListTypes listTypes)
{
    /// <summary>Removes what a JSON pointer names; a list index is resolved in desired and mapped to live by item key.</summary>
    public void RemovePointer(JsonObject? desired, JsonObject? live, IReadOnlyList<string> tokens) =>
        RemovePointer(desired, live, tokens, 0, SchemaPath.Root);

    /// <summary>Removes from both sides every field the given managedFields trie owns (the trie is read on live).</summary>
    public void RemoveOwned(JsonObject? desired, JsonObject? live, OwnedFields owned)
    {
        if (live is not null) RemoveOwned(live, owned, SchemaPath.Root);
        if (desired is not null && live is not null) RemoveOwned(desired, owned, SchemaPath.Root);
    }

    private void RemovePointer(JsonNode? desired, JsonNode? live, IReadOnlyList<string> tokens, int at, SchemaPath path)
    {
        if (at >= tokens.Count) return;
        var token = tokens[at];
        var last = at == tokens.Count - 1;
        if (desired is JsonObject || live is JsonObject)
        {
            if (last)
            {
                (desired as JsonObject)?.Remove(token);
                (live as JsonObject)?.Remove(token);
                return;
            }

            RemovePointer((desired as JsonObject)?[token], (live as JsonObject)?[token], tokens, at + 1, path.Field(token));
            return;
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return;
        var desiredList = desired as JsonArray;
        var liveList = live as JsonArray;
        var desiredItem = desiredList is not null && index < desiredList.Count ? desiredList[index] : null;
        var liveIndex = index;
        var schema = listTypes.ForPath(group, kind, path.Schema);
        if (schema.Type == ListType.Map && desiredItem is JsonObject keyed && liveList is not null)
        {
            liveIndex = ListItemMatcher.IndexOf(liveList, keyed, schema.Keys);
        }

        var liveItem = liveList is not null && liveIndex >= 0 && liveIndex < liveList.Count ? liveList[liveIndex] : null;
        if (last)
        {
            if (desiredItem is not null) desiredList!.RemoveAt(index);
            if (liveItem is not null) liveList!.RemoveAt(liveIndex);
            return;
        }

        RemovePointer(desiredItem, liveItem, tokens, at + 1, path.Item(""));
    }

    private void RemoveOwned(JsonNode node, OwnedFields owned, SchemaPath path)
    {
        if (owned.Node is null) return;
        foreach (var (element, child) in owned.Node)
        {
            if (child is not JsonObject childNode) continue;
            var childOwned = new OwnedFields(childNode);
            if (element.StartsWith("f:", StringComparison.Ordinal) && node is JsonObject obj)
            {
                var name = element[2..];
                if (childOwned.IsLeaf)
                {
                    obj.Remove(name);
                }
                else if (obj[name] is { } value)
                {
                    RemoveOwned(value, childOwned, path.Field(name));
                }
            }
            else if (node is JsonArray list && (element.StartsWith("k:", StringComparison.Ordinal) || element.StartsWith("v:", StringComparison.Ordinal)))
            {
                var schema = listTypes.ForPath(group, kind, path.Schema);
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var item = list[i];
                    var matches = element[0] == 'k'
                        ? item is JsonObject o && new OwnedFields(new JsonObject { [element] = new JsonObject() }).Item(o).IsOwned
                        : new OwnedFields(new JsonObject { [element] = new JsonObject() }).Value(item).IsOwned;
                    if (!matches) continue;
                    if (childOwned.IsMember || childOwned.IsLeaf)
                    {
                        list.RemoveAt(i);
                    }
                    else if (item is not null)
                    {
                        RemoveOwned(item, childOwned, path.Item(""));
                    }
                }
            }
        }
    }
}
