using System.Reflection;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.FieldManagement;

public enum ListKind
{
    Atomic,
    Set,
    Map,
}

/// <summary>How server-side apply treats one list field: atomic, set, or map keyed by some fields.</summary>
public sealed record ListRule(ListKind Kind, IReadOnlyList<string> Keys)
{
    public static ListRule Atomic { get; } = new(ListKind.Atomic, []);
}

/// <summary>
/// The list types of the built-in kinds (generated from the shared list-types.yaml, Kubernetes 1.36.3) and of
/// custom resources (their CRD's x-kubernetes-list-type markers). Lists not listed are atomic, as in SSA.
/// Paths are dotted field names from the root, with "[]" after a list's items.
/// </summary>
public sealed class ListTypes
{
    private static readonly Lazy<Dictionary<string, ListRule>> Builtin = new(LoadBuiltin);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ListRule> _custom = new(StringComparer.Ordinal);

    public ListRule For(string group, string kind, string path)
    {
        var key = $"{group}\t{kind}\t{path}";
        if (Builtin.Value.TryGetValue(key, out var rule))
        {
            return rule;
        }

        lock (_gate)
        {
            if (_custom.TryGetValue(key, out rule))
            {
                return rule;
            }
        }

        // Every object's metadata has these, whatever its kind.
        return path switch
        {
            "metadata.finalizers" => new ListRule(ListKind.Set, []),
            "metadata.ownerReferences" => new ListRule(ListKind.Map, ["uid"]),
            _ => ListRule.Atomic,
        };
    }

    /// <summary>Learns the list markers of a CRD's schemas (every version; the last one wins on a clash).</summary>
    public void AddCustomResourceDefinition(JsonObject crd)
    {
        var group = crd.GetStringAt("spec", "group") ?? "";
        var kind = crd.GetStringAt("spec", "names", "kind") ?? "";
        var found = new Dictionary<string, ListRule>(StringComparer.Ordinal);
        foreach (var version in (crd.GetArrayAt("spec", "versions") ?? []).OfType<JsonObject>())
        {
            if (version.GetObjectAt("schema", "openAPIV3Schema") is { } schema)
            {
                CollectMarkers(schema, "", found);
            }
        }

        lock (_gate)
        {
            foreach (var (path, rule) in found)
            {
                _custom[$"{group}\t{kind}\t{path}"] = rule;
            }
        }
    }

    private static void CollectMarkers(JsonObject schema, string path, Dictionary<string, ListRule> found)
    {
        if (schema.GetStringAt("x-kubernetes-list-type") is { } listType && path.Length > 0)
        {
            found[path] = listType switch
            {
                "set" => new ListRule(ListKind.Set, []),
                "map" => new ListRule(ListKind.Map, (schema.GetArrayAt("x-kubernetes-list-map-keys") ?? []).Select(k => k?.GetValue<string>() ?? "").ToList()),
                _ => ListRule.Atomic,
            };
        }

        foreach (var (name, property) in schema.GetObjectAt("properties") ?? [])
        {
            if (property is JsonObject p)
            {
                CollectMarkers(p, path.Length == 0 ? name : $"{path}.{name}", found);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            CollectMarkers(items, path + "[]", found);
        }
    }

    private static Dictionary<string, ListRule> LoadBuiltin()
    {
        var result = new Dictionary<string, ListRule>(StringComparer.Ordinal);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GitOpsAgent.TestApiServer.list-types.tsv")
            ?? throw new InvalidOperationException("list-types.tsv is not embedded");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            var kind = parts[3] == "map" ? ListKind.Map : parts[3] == "set" ? ListKind.Set : ListKind.Atomic;
            var keys = parts.Length > 4 && parts[4].Length > 0 ? parts[4].Split(',') : [];
            result[$"{parts[0]}\t{parts[1]}\t{parts[2]}"] = new ListRule(kind, keys);
        }

        return result;
    }
}
