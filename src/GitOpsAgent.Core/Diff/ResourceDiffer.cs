using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Three-way diff of a desired object against its live counterpart. "What we applied last" is, in order: our manager's
/// Apply entry in live managedFields, kubectl's last-applied annotation, or desired itself (two-way).
/// </summary>
public static class ResourceDiffer
{
    public const string SourceManagedFields = "managedFields";
    public const string SourceLastAppliedAnnotation = "last-applied-annotation";
    public const string SourceDesired = "desired";

    public static ResourceDiff Diff(JsonObject? desired, JsonObject? live, DiffOptions options)
    {
        var source = desired ?? live ?? throw new ArgumentException("Both desired and live are null.", nameof(desired));
        var key = ResourceKey.Of(source);
        var group = key.Group;
        var listTypes = options.EffectiveListTypes;

        var (owned, lastAppliedSource) = live is null ? (OwnedFields.None, null) : LastApplied(live, options, group, key.Kind);
        var (d, l) = DiffNormalizer.Normalize(desired, live, options);
        RemoveIgnored(d, l, live, key, options);

        var comparer = new TreeComparer(group, key.Kind, listTypes);
        var (desiredProjection, liveProjection) = comparer.Compare(d, l, owned, SchemaPath.Root);
        if (desired is null)
        {
            // A prune removes the whole object, not only the fields we applied: show all of it.
            liveProjection = l;
        }

        var action = (desired, live) switch
        {
            (null, _) => DiffAction.Prune,
            (_, null) => DiffAction.Create,
            _ => comparer.Differences.Count == 0 ? DiffAction.InSync : DiffAction.Modified,
        };

        // Create and Prune concern the whole object; the unified diff shows it, per-field differences add nothing.
        var differences = action == DiffAction.Modified ? comparer.Differences : (IReadOnlyList<FieldDifference>)[];
        if (SecretMasker.IsSecret(source))
        {
            var masker = SecretMasker.ConsistentMasker();
            SecretMasker.MaskInPlace(liveProjection as JsonObject, masker);
            SecretMasker.MaskInPlace(desiredProjection as JsonObject, masker);
            differences = differences.Select(diff => MaskDifference(diff, masker)).ToList();
        }

        var unified = action == DiffAction.InSync || !options.IncludeUnifiedDiff
            ? ""
            : LineDiff.Unified(Render(liveProjection), Render(desiredProjection));
        return new ResourceDiff(key, action, differences, unified, lastAppliedSource);
    }

    /// <summary>spec.ignoreDifferences: pointers first (resolved on desired), then fields of ignored managers (read on live).</summary>
    private static void RemoveIgnored(JsonObject? desired, JsonObject? normalizedLive, JsonObject? live, ResourceKey key, DiffOptions options)
    {
        var ignored = new IgnoredFields(key.Group, key.Kind, options.EffectiveListTypes);
        foreach (var rule in (options.Ignore ?? []).Where(r => r.Matches(key)))
        {
            foreach (var pointer in rule.JsonPointers)
            {
                if (JsonPointer.Parse(pointer) is { Count: > 0 } tokens) ignored.RemovePointer(desired, normalizedLive, tokens);
            }
        }

        foreach (var managerFields in live is null ? [] : IgnoredManagerFields(live, key, options))
        {
            ignored.RemoveOwned(desired, normalizedLive, managerFields);
        }
    }

    private static (OwnedFields Owned, string Source) LastApplied(JsonObject live, DiffOptions options, string group, string kind)
    {
        var entries = ManagedFieldEntries(live).ToList();
        var ours = entries.FirstOrDefault(entry => entry.GetStringAt("manager") == options.FieldManager
            && entry.GetStringAt("operation") == "Apply"
            && string.IsNullOrEmpty(entry.GetStringAt("subresource"))
            && entry["fieldsV1"] is JsonObject);
        if (ours is not null)
        {
            // What Git dropped is removed by the next apply only where no other manager also owns it.
            var others = entries.Where(e => e != ours && e["fieldsV1"] is JsonObject)
                .Aggregate(FieldSet.Empty, (set, e) => set.Union(FieldSet.FromFieldsV1((JsonObject)e["fieldsV1"]!)));
            var exclusive = FieldSet.FromFieldsV1((JsonObject)ours["fieldsV1"]!).Excluding(others);
            return (exclusive.IsEmpty ? OwnedFields.None : new OwnedFields(exclusive.ToFieldsV1()), SourceManagedFields);
        }

        if (live.GetAnnotation(DiffNormalizer.LastAppliedAnnotation) is { Length: > 0 } text)
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject applied)
                {
                    var (normalizedApplied, _) = DiffNormalizer.Normalize(applied, null, options);
                    var trie = LastAppliedFields.FromObject(normalizedApplied!, group, kind, options.EffectiveListTypes);
                    return (new OwnedFields(trie), SourceLastAppliedAnnotation);
                }
            }
            catch (JsonException)
            {
                // A broken annotation is treated as absent: fall back to two-way.
            }
        }

        return (OwnedFields.None, SourceDesired);
    }

    private static List<OwnedFields> IgnoredManagerFields(JsonObject live, ResourceKey key, DiffOptions options)
    {
        var managers = (options.Ignore ?? []).Where(r => r.Matches(key)).SelectMany(r => r.ManagedFieldsManagers).ToHashSet(StringComparer.Ordinal);
        if (managers.Count == 0) return [];
        return ManagedFieldEntries(live)
            .Where(e => e.GetStringAt("manager") is { } m && managers.Contains(m) && e["fieldsV1"] is JsonObject)
            .Select(e => new OwnedFields((JsonObject)e["fieldsV1"]!))
            .ToList();
    }

    private static IEnumerable<JsonObject> ManagedFieldEntries(JsonObject live) =>
        live.GetArrayAt("metadata", "managedFields")?.OfType<JsonObject>() ?? [];

    private static FieldDifference MaskDifference(FieldDifference diff, Func<string, JsonNode?, JsonNode?> masker)
    {
        var segments = diff.Path.Split('.', 2);
        if (segments[0] is not ("data" or "stringData"))
        {
            return diff;
        }

        if (segments.Length == 2)
        {
            return diff with { Desired = masker(segments[1], diff.Desired), Live = masker(segments[1], diff.Live) };
        }

        var desired = diff.Desired?.DeepClone() as JsonObject;
        var live = diff.Live?.DeepClone() as JsonObject;
        MaskValues(desired);
        MaskValues(live);
        return diff with { Desired = desired, Live = live };

        void MaskValues(JsonObject? values)
        {
            foreach (var k in values?.Select(p => p.Key).ToList() ?? [])
            {
                values![k] = masker(k, values[k]);
            }
        }
    }

    private static string Render(JsonNode? projection) =>
        projection is null || ValueComparer.IsAbsent(projection) ? "" : YamlWriter.Write(projection);
}
