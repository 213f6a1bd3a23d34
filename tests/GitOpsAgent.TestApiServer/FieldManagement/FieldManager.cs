using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>
/// Server-side apply and update ownership, after structured-merge-diff: merges an applied configuration into a live
/// object by list type, detects conflicts, removes fields a manager stopped applying, and moves ownership on updates.
/// </summary>
public sealed class FieldManager(ObjectFields fields, FieldScope scope)
{
    /// <summary>
    /// The object after manager <paramref name="manager"/> applies <paramref name="applied"/> to <paramref name="live"/>
    /// (not yet defaulted), with its updated managedFields entries; or the conflicts when there are some and not forced.
    /// </summary>
    public (JsonObject? Merged, List<ManagedFieldsEntry> Entries, List<FieldConflict> Conflicts) Apply(
        JsonObject live, JsonObject applied, string manager, string subresource, string apiVersion, bool force)
    {
        var entries = ManagedFieldsEntry.ReadAll(live);
        var mine = entries.FirstOrDefault(e => e.Is(manager, "Apply", subresource));
        var others = entries.Where(e => e != mine).ToList();
        var newSet = fields.SetOf(applied, scope);
        var conflicts = new List<FieldConflict>();
        foreach (var path in newSet.Paths())
        {
            if (ObjectFields.IsItem(path))
            {
                continue;
            }

            var (liveFound, liveValue) = ObjectFields.Resolve(live, path);
            var (_, appliedValue) = ObjectFields.Resolve(applied, path);
            if (liveFound && JsonNode.DeepEquals(liveValue, appliedValue))
            {
                continue;
            }

            // Every other entry counts, even the same manager's Update entries (as structured-merge-diff does).
            foreach (var other in others.Where(o => o.Fields.Contains(path)))
            {
                conflicts.Add(new FieldConflict(other.Manager, other.Subresource, other.ApiVersion, path));
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            return (null, entries, conflicts);
        }

        foreach (var conflict in conflicts)
        {
            foreach (var other in others.Where(o => o.Manager == conflict.Manager && o.Subresource == conflict.Subresource))
            {
                other.Fields.Remove(conflict.Path);
            }
        }

        var merged = (JsonObject)live.DeepClone();
        var previous = mine?.Fields ?? new FieldTrie();
        var dropped = previous.Paths().Where(p => !newSet.Contains(p)).Reverse().ToList();
        foreach (var path in dropped)
        {
            var ownedElsewhere = ObjectFields.IsItem(path)
                ? others.Any(o => o.Fields.ContainsAnyUnder(path))
                : others.Any(o => o.Fields.Contains(path));
            if (!ownedElsewhere)
            {
                ObjectFields.Remove(merged, path);
            }
        }

        MergeInto(merged, applied, "", topLevel: true);
        if (mine is null)
        {
            mine = new ManagedFieldsEntry { Manager = manager, Operation = "Apply", Subresource = subresource };
            entries.Add(mine);
        }

        mine.ApiVersion = apiVersion;
        mine.Fields = newSet;
        return (merged, entries, []);
    }

    /// <summary>
    /// Moves ownership for an update (create, PUT, non-apply patch) from <paramref name="live"/> (null on create) to
    /// <paramref name="updated"/>: <paramref name="manager"/> takes every field of <paramref name="requested"/> whose
    /// value changed; fields gone from <paramref name="updated"/> leave every set.
    /// </summary>
    public List<ManagedFieldsEntry> Update(
        JsonObject? live, JsonObject requested, JsonObject updated, string manager, string subresource, string apiVersion)
    {
        var entries = live is null ? [] : ManagedFieldsEntry.ReadAll(live);
        var changed = new List<IReadOnlyList<string>>();
        foreach (var path in fields.SetOf(requested, scope).Paths())
        {
            var (newFound, newValue) = ObjectFields.Resolve(updated, path);
            if (!newFound)
            {
                continue;
            }

            var (oldFound, oldValue) = ObjectFields.Resolve(live, path);
            if (!oldFound || (!ObjectFields.IsItem(path) && !JsonNode.DeepEquals(oldValue, newValue)))
            {
                changed.Add(path);
            }
        }

        var mine = entries.FirstOrDefault(e => e.Is(manager, "Update", subresource));
        foreach (var entry in entries)
        {
            if (entry != mine)
            {
                foreach (var path in changed)
                {
                    entry.Fields.Remove(path);
                }
            }

            entry.Fields = FieldTrie.FromPaths(entry.Fields.Paths().Where(p => ObjectFields.Resolve(updated, p).Found));
        }

        if (changed.Count > 0)
        {
            if (mine is null)
            {
                mine = new ManagedFieldsEntry { Manager = manager, Operation = "Update", Subresource = subresource };
                entries.Add(mine);
            }

            mine.ApiVersion = apiVersion;
            foreach (var path in changed)
            {
                mine.Fields.Add(path);
            }
        }

        return entries;
    }

    private void MergeInto(JsonObject target, JsonObject source, string schemaPath, bool topLevel = false)
    {
        foreach (var (key, value) in source)
        {
            if (topLevel && ((key == "status" && scope == FieldScope.Main) || (key is not "status" and not "apiVersion" and not "kind" and not "metadata" && scope == FieldScope.Status)))
            {
                continue;
            }

            if (topLevel && key == "metadata" && value is JsonObject sourceMetadata)
            {
                var metadata = target["metadata"] as JsonObject ?? [];
                target["metadata"] = metadata;
                foreach (var (mkey, mvalue) in sourceMetadata)
                {
                    if (mkey is not ("uid" or "resourceVersion" or "generation" or "creationTimestamp" or "managedFields" or "deletionTimestamp" or "selfLink"))
                    {
                        MergeValue(metadata, mkey, mvalue, "metadata." + mkey);
                    }
                }

                continue;
            }

            MergeValue(target, key, value, schemaPath.Length == 0 ? key : $"{schemaPath}.{key}");
        }
    }

    private void MergeValue(JsonObject target, string key, JsonNode? value, string path)
    {
        var existing = target[key];
        if (value is JsonObject sourceObject && existing is JsonObject targetObject)
        {
            MergeInto(targetObject, sourceObject, path);
            return;
        }

        if (value is JsonArray sourceArray && existing is JsonArray targetArray)
        {
            var rule = fields.RuleFor(path);
            if (rule.Type == ListType.Set)
            {
                foreach (var item in sourceArray.Where(item => !targetArray.Any(t => JsonNode.DeepEquals(t, item))))
                {
                    targetArray.Add(item?.DeepClone());
                }

                return;
            }

            if (rule.Type == ListType.Map)
            {
                foreach (var item in sourceArray)
                {
                    var match = item is JsonObject io
                        ? targetArray.OfType<JsonObject>().FirstOrDefault(t => ObjectFields.KeyOf(t, rule) == ObjectFields.KeyOf(io, rule))
                        : null;
                    if (match is not null && item is JsonObject itemObject)
                    {
                        MergeInto(match, itemObject, path + "[]");
                    }
                    else
                    {
                        targetArray.Add(item?.DeepClone());
                    }
                }

                return;
            }
        }

        target[key] = value?.DeepClone();
    }
}
