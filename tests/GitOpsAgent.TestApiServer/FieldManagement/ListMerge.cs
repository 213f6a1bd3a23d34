using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>
/// The order structured-merge-diff gives a merged list-map or set (its mergingWalker.visitListItems): items in both
/// lists follow the applied order, items only in the live list keep their place, items only in the applied list are
/// inserted where the applied list has them.
/// </summary>
public static class ListMerge
{
    public static JsonArray Merge(JsonArray live, JsonArray applied, Func<JsonNode?, string> keyOf, Func<JsonNode?, JsonNode?, JsonNode?> mergeItem)
    {
        var lhs = live.Select(item => (Key: keyOf(item), Item: item)).ToList();
        var rhs = applied.Select(item => (Key: keyOf(item), Item: item)).ToList();
        var lhsByKey = lhs.GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Item, StringComparer.Ordinal);
        var rhsByKey = rhs.GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Item, StringComparer.Ordinal);
        var sharedOrder = new Queue<string>(rhs.Where(x => lhsByKey.ContainsKey(x.Key)).Select(x => x.Key));
        var nextShared = sharedOrder.Count > 0 ? sharedOrder.Dequeue() : null;
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var output = new JsonArray();

        void AdvanceShared() => nextShared = sharedOrder.Count > 0 ? sharedOrder.Dequeue() : null;

        for (int l = 0, r = 0; l < lhs.Count || r < rhs.Count;)
        {
            if (l < lhs.Count && r < rhs.Count)
            {
                var key = lhs[l].Key;
                if (key == rhs[r].Key)
                {
                    merged.Add(key);
                    output.Add(mergeItem(lhsByKey[key], rhsByKey[key]));
                    l++;
                    r++;
                    AdvanceShared();
                    continue;
                }

                if (rhsByKey.ContainsKey(key) && nextShared is not null && nextShared != key)
                {
                    l++; // a shared item, but not the next one in the applied order: it comes later
                    continue;
                }
            }

            if (l < lhs.Count)
            {
                var key = lhs[l].Key;
                if (!rhsByKey.ContainsKey(key))
                {
                    output.Add(lhs[l].Item?.DeepClone());
                    l++;
                    continue;
                }

                if (merged.Contains(key))
                {
                    l++;
                    continue;
                }
            }

            if (r < rhs.Count)
            {
                var key = rhs[r].Key;
                merged.Add(key);
                output.Add(lhsByKey.TryGetValue(key, out var liveItem) ? mergeItem(liveItem, rhsByKey[key]) : rhs[r].Item?.DeepClone());
                r++;
                if (nextShared == key)
                {
                    AdvanceShared();
                }
            }
        }

        return output;
    }
}
