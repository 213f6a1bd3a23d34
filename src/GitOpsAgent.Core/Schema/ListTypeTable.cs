using System.Collections.Frozen;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Schema;

/// <summary>
/// List types per kind: the built-in kinds from an embedded table (generated from Kubernetes' own markers, see
/// eng/generate-list-types.py), extended with the x-kubernetes-list-type markers of CustomResourceDefinitions.
/// Immutable: <see cref="WithCustomResourceDefinition"/> returns a new table.
/// </summary>
public sealed class ListTypeTable : IListTypes
{
    private const string WildcardSegment = "{}";

    // Lists every object has in its metadata, so custom resources get them too.
    private static readonly FrozenDictionary<string, ListSchema> MetadataLists = new Dictionary<string, ListSchema>
    {
        ["metadata.finalizers"] = ListSchema.Set,
        ["metadata.ownerReferences"] = ListSchema.MapOf("uid"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<(string Group, string Kind), IReadOnlyDictionary<string, ListSchema>> _kinds;

    private ListTypeTable(IReadOnlyDictionary<(string Group, string Kind), IReadOnlyDictionary<string, ListSchema>> kinds) => _kinds = kinds;

    public static ListTypeTable Builtin { get; } = LoadBuiltin();

    public ListSchema ForPath(string group, string kind, string path)
    {
        if (_kinds.TryGetValue((group, kind), out var paths))
        {
            if (paths.TryGetValue(path, out var schema))
            {
                return schema;
            }

            foreach (var (pattern, patternSchema) in paths)
            {
                if (pattern.Contains(WildcardSegment, StringComparison.Ordinal) && MatchesWildcard(pattern, path))
                {
                    return patternSchema;
                }
            }
        }

        return MetadataLists.TryGetValue(path, out var meta) ? meta : ListSchema.Atomic;
    }

    /// <summary>A table that also knows the list types a CRD's schemas declare (every version's schema).</summary>
    public ListTypeTable WithCustomResourceDefinition(JsonObject crd)
    {
        var group = crd.GetStringAt("spec", "group") ?? "";
        var kind = crd.GetStringAt("spec", "names", "kind") ?? "";
        var paths = new Dictionary<string, ListSchema>(StringComparer.Ordinal);
        foreach (var version in crd.GetArrayAt("spec", "versions") ?? [])
        {
            if (version is JsonObject v && v.GetObjectAt("schema", "openAPIV3Schema") is { } schema)
            {
                CollectSchemaLists(schema, "", paths);
            }
        }

        var kinds = new Dictionary<(string, string), IReadOnlyDictionary<string, ListSchema>>(_kinds)
        {
            [(group, kind)] = paths,
        };
        return new ListTypeTable(kinds);
    }

    private static void CollectSchemaLists(JsonObject schema, string path, Dictionary<string, ListSchema> paths)
    {
        if (schema.GetStringAt("type") == "array")
        {
            var listType = schema.GetStringAt("x-kubernetes-list-type");
            if (listType == "set")
            {
                paths[path] = ListSchema.Set;
            }
            else if (listType == "map")
            {
                var keys = (schema.GetArrayAt("x-kubernetes-list-map-keys") ?? []).Select(k => k?.GetValue<string>() ?? "").ToArray();
                paths[path] = new ListSchema(ListType.Map, keys);
            }

            if (schema.GetObjectAt("items") is { } items)
            {
                CollectSchemaLists(items, path + "[]", paths);
            }

            return;
        }

        foreach (var (name, child) in schema.GetObjectAt("properties") ?? [])
        {
            if (child is JsonObject childSchema)
            {
                CollectSchemaLists(childSchema, path.Length == 0 ? name : $"{path}.{name}", paths);
            }
        }

        if (schema.GetObjectAt("additionalProperties") is { } values)
        {
            CollectSchemaLists(values, path.Length == 0 ? WildcardSegment : $"{path}.{WildcardSegment}", paths);
        }
    }

    private static bool MatchesWildcard(string pattern, string path)
    {
        var patternParts = pattern.Split('.');
        var pathParts = path.Split('.');
        if (patternParts.Length != pathParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            var p = patternParts[i];
            if (p == WildcardSegment || (p == WildcardSegment + "[]" && pathParts[i].EndsWith("[]", StringComparison.Ordinal)))
            {
                continue;
            }

            if (!string.Equals(p, pathParts[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static ListTypeTable LoadBuiltin()
    {
        using var stream = typeof(ListTypeTable).Assembly.GetManifestResourceStream("GitOpsAgent.Core.Schema.builtin-list-types.tsv")
            ?? throw new InvalidOperationException("the built-in list type table is not embedded");
        using var reader = new StreamReader(stream);
        var kinds = new Dictionary<(string, string), Dictionary<string, ListSchema>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cols = line.Split('\t');
            var schema = cols[3] == "set" ? ListSchema.Set : new ListSchema(ListType.Map, cols[4].Split(',', StringSplitOptions.RemoveEmptyEntries));
            var key = (cols[0], cols[1]);
            if (!kinds.TryGetValue(key, out var paths))
            {
                paths = new Dictionary<string, ListSchema>(StringComparer.Ordinal);
                kinds[key] = paths;
            }

            paths[cols[2]] = schema;
        }

        return new ListTypeTable(kinds.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, ListSchema>)kv.Value.ToFrozenDictionary(StringComparer.Ordinal)));
    }
}
