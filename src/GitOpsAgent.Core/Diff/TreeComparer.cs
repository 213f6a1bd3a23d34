using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// The three-way walk: every field desired sets is compared with live; a field only live has counts when the
/// last-applied field set owns it (removed from Git), never when the server or another manager set it. Alongside the
/// differences it builds the compared projection of both sides, which the unified diff renders.
/// </summary>
internal sealed class TreeComparer(string group, string kind, IListTypes listTypes)
{
    /// <summary>Stored through Go types: an omitempty "" is not stored, quantities are canonical.</summary>
    private readonly bool _builtin = BuiltinGroups.IsBuiltin(group);

    private static readonly HashSet<string> QuantityParents =
        ["requests", "limits", "hard", "capacity", "allocatable", "overhead", "max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public List<FieldDifference> Differences { get; } = [];

    /// <summary>Compares one node; returns the desired and live projections (null: nothing to show on that side).</summary>
    public (JsonNode? Desired, JsonNode? Live) Compare(JsonNode? desired, JsonNode? live, OwnedFields owned, SchemaPath path)
    {
        var desiredAbsent = ValueComparer.IsAbsent(desired);
        var liveAbsent = ValueComparer.IsAbsent(live);
        if (desiredAbsent && liveAbsent)
        {
            return (null, null);
        }

        if (desiredAbsent)
        {
            return (null, CompareRemoved(live!, owned, path));
        }

        if (liveAbsent)
        {
            if (_builtin && JsonValues.KindOf(desired) == System.Text.Json.JsonValueKind.String && desired!.GetValue<string>().Length == 0)
            {
                // A built-in type drops an omitempty "" on write (a field that is not omitempty would be stored as ""):
                // Git's "" and the server's nothing are the same state.
                return (desired.DeepClone(), null);
            }

            Add(path, desired, null);
            return (desired!.DeepClone(), null);
        }

        switch (desired, live)
        {
            case (JsonObject d, JsonObject l):
                return CompareObjects(d, l, owned, path);
            case (JsonArray d, JsonArray l):
                return CompareLists(d, l, owned, path);
            case (JsonObject or JsonArray, _) or (_, JsonObject or JsonArray):
                Add(path, desired, live);
                return (desired!.DeepClone(), live!.DeepClone());
            default:
                if (ValueComparer.ScalarEquals(desired, live, IsQuantityPlace(path)))
                {
                    return (desired!.DeepClone(), desired.DeepClone());
                }

                Add(path, desired, live);
                return (desired!.DeepClone(), live!.DeepClone());
        }
    }

    private (JsonNode? Desired, JsonNode? Live) CompareObjects(JsonObject desired, JsonObject live, OwnedFields owned, SchemaPath path)
    {
        var desiredProjection = new JsonObject();
        var liveProjection = new JsonObject();
        foreach (var (key, value) in desired)
        {
            Put(key, Compare(value, live[key], owned.Field(key), path.Field(key)));
        }

        foreach (var (key, value) in live)
        {
            if (!desired.ContainsKey(key))
            {
                Put(key, Compare(null, value, owned.Field(key), path.Field(key)));
            }
        }

        return (desiredProjection, liveProjection);

        void Put(string key, (JsonNode? Desired, JsonNode? Live) result)
        {
            if (result.Desired is not null) desiredProjection[key] = result.Desired;
            if (result.Live is not null) liveProjection[key] = result.Live;
        }
    }

    private (JsonNode? Desired, JsonNode? Live) CompareLists(JsonArray desired, JsonArray live, OwnedFields owned, SchemaPath path)
    {
        var schema = listTypes.ForPath(group, kind, path.Schema);
        if (schema.Type == ListType.Map && desired.All(i => i is JsonObject) && live.All(i => i is JsonObject))
        {
            return CompareListMaps(desired, live, schema.Keys, owned, path);
        }

        if (schema.Type == ListType.Set)
        {
            return CompareSets(desired, live, owned, path);
        }

        return CompareAtomic(desired, live, owned, path);
    }

    private (JsonNode? Desired, JsonNode? Live) CompareListMaps(JsonArray desired, JsonArray live, IReadOnlyList<string> keys, OwnedFields owned, SchemaPath path)
    {
        var desiredProjection = new JsonArray();
        var liveProjection = new JsonArray();
        var matched = new bool[live.Count];
        foreach (var item in desired.Cast<JsonObject>())
        {
            var itemPath = path.Item(ListItemMatcher.Describe(item, keys));
            var index = ListItemMatcher.IndexOf(live, item, keys);
            if (index < 0)
            {
                Add(itemPath, item, null);
                desiredProjection.Add(item.DeepClone());
                continue;
            }

            matched[index] = true;
            // A live object read from a file (or a render, in a preview's base) may omit a defaulted key too.
            var (d, l) = Compare(WithDefaultedKeys(item, keys), live[index] is JsonObject liveItem ? WithDefaultedKeys(liveItem, keys) : live[index], owned.Item(item), itemPath);
            desiredProjection.Add(d ?? new JsonObject());
            liveProjection.Add(l ?? new JsonObject());
        }

        for (var i = 0; i < live.Count; i++)
        {
            if (matched[i]) continue;
            var item = (JsonObject)live[i]!;
            var removed = RemovedItem(item, keys, owned.Item(item), path.Item(ListItemMatcher.Describe(item, keys)));
            if (removed is not null) liveProjection.Add(removed);
        }

        return (desiredProjection, liveProjection);
    }

    private (JsonNode? Desired, JsonNode? Live) CompareSets(JsonArray desired, JsonArray live, OwnedFields owned, SchemaPath path)
    {
        var desiredProjection = new JsonArray();
        var liveProjection = new JsonArray();
        foreach (var value in desired)
        {
            desiredProjection.Add(value?.DeepClone());
            if (live.Any(l => ValueComparer.DeepEquals(l, value)))
            {
                liveProjection.Add(value?.DeepClone());
            }
            else
            {
                Add(path.Item("=" + Describe(value)), value, null);
            }
        }

        foreach (var value in live)
        {
            if (!desired.Any(d => ValueComparer.DeepEquals(d, value)) && owned.Value(value).IsOwned)
            {
                Add(path.Item("=" + Describe(value)), null, value);
                liveProjection.Add(value?.DeepClone());
            }
        }

        return (desiredProjection, liveProjection);
    }

    /// <summary>
    /// An atomic list is one value: any difference inside makes the whole list differ. Inside it, fields only live
    /// has are server defaults unless the last-applied set knows them by index (from kubectl's annotation).
    /// </summary>
    private (JsonNode? Desired, JsonNode? Live) CompareAtomic(JsonArray desired, JsonArray live, OwnedFields owned, SchemaPath path)
    {
        var differs = desired.Count != live.Count;
        if (!differs)
        {
            var probe = new TreeComparer(group, kind, listTypes);
            for (var i = 0; i < desired.Count; i++)
            {
                probe.Compare(desired[i], live[i], owned.Index(i), path.Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            differs = probe.Differences.Count > 0;
        }

        if (!differs)
        {
            return (desired.DeepClone(), desired.DeepClone());
        }

        Add(path, desired, live);
        return (desired.DeepClone(), live.DeepClone());
    }

    /// <summary>A key field an item omits takes the API server's default ("protocol": "TCP"): the item matched by it.</summary>
    private static JsonObject WithDefaultedKeys(JsonObject item, IReadOnlyList<string> keys)
    {
        if (keys.All(item.ContainsKey)) return item;
        var defaulted = (JsonObject)item.DeepClone();
        foreach (var key in keys)
        {
            if (!defaulted.ContainsKey(key) && ListItemMatcher.KeyValue(item, key) is { } value) defaulted[key] = value;
        }

        return defaulted;
    }

    /// <summary>Desired lacks the node: what of it the last-applied set owns was removed from Git.</summary>
    private JsonNode? CompareRemoved(JsonNode live, OwnedFields owned, SchemaPath path)
    {
        if (!owned.IsOwned)
        {
            return null;
        }

        if (owned.IsLeaf || live is JsonValue)
        {
            Add(path, null, live);
            return live.DeepClone();
        }

        if (live is JsonObject obj)
        {
            var projection = new JsonObject();
            foreach (var (key, value) in obj)
            {
                var child = owned.Field(key);
                if (child.IsOwned && !ValueComparer.IsAbsent(value) && CompareRemoved(value!, child, path.Field(key)) is { } removed)
                {
                    projection[key] = removed;
                }
            }

            return projection.Count > 0 ? projection : null;
        }

        var list = (JsonArray)live;
        var schema = listTypes.ForPath(group, kind, path.Schema);
        if (schema.Type == ListType.Atomic || (schema.Type == ListType.Map && !list.All(i => i is JsonObject)))
        {
            Add(path, null, live);
            return live.DeepClone();
        }

        var listProjection = new JsonArray();
        foreach (var item in list)
        {
            JsonNode? removed = schema.Type == ListType.Map
                ? RemovedItem((JsonObject)item!, schema.Keys, owned.Item((JsonObject)item!), path.Item(ListItemMatcher.Describe((JsonObject)item!, schema.Keys)))
                : owned.Value(item).IsOwned ? AddRemoved(path.Item("=" + Describe(item)), item) : null;
            if (removed is not null) listProjection.Add(removed);
        }

        return listProjection.Count > 0 ? listProjection : null;
    }

    /// <summary>
    /// A list-map item desired lacks: gone whole when we own it as a member; else (another manager keeps it) only the
    /// fields we alone own go, and never its key fields, which an item that stays must keep.
    /// </summary>
    private JsonNode? RemovedItem(JsonObject item, IReadOnlyList<string> keys, OwnedFields owned, SchemaPath path)
    {
        if (!owned.IsOwned) return null;
        if (owned.IsMember || owned.IsLeaf) return AddRemoved(path, item);
        var withoutKeys = (JsonObject)item.DeepClone();
        foreach (var key in keys)
        {
            withoutKeys.Remove(key);
        }

        if (CompareRemoved(withoutKeys, owned, path) is not JsonObject removed)
        {
            return null;
        }

        // Shown with its keys, so the diff says which item loses the fields.
        var shown = new JsonObject();
        foreach (var key in keys.Where(item.ContainsKey))
        {
            shown[key] = item[key]?.DeepClone();
        }

        foreach (var (field, value) in removed)
        {
            shown[field] = value?.DeepClone();
        }

        return shown;
    }

    private JsonNode? AddRemoved(SchemaPath path, JsonNode? live)
    {
        Add(path, null, live);
        return live?.DeepClone();
    }

    private void Add(SchemaPath path, JsonNode? desired, JsonNode? live) =>
        Differences.Add(new FieldDifference(path.Display, desired?.DeepClone(), live?.DeepClone()));

    private static string Describe(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";

    private bool IsQuantityPlace(SchemaPath path) => _builtin && IsQuantityField(path);

    private static bool IsQuantityField(SchemaPath path) =>
        path.FieldName == "sizeLimit" || (path.ParentFieldName is { } parent && QuantityParents.Contains(parent));
}
