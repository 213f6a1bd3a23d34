using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Manifests;

/// <summary>Typed reads and writes of the common fields of a Kubernetes object held as a JsonObject.</summary>
public static class KubeObjectExtensions
{
    public static string GetApiVersion(this JsonObject obj) => obj.GetStringAt("apiVersion") ?? "";

    public static string GetKind(this JsonObject obj) => obj.GetStringAt("kind") ?? "";

    /// <summary>The API group: "apps" for "apps/v1", "" for "v1".</summary>
    public static string GetGroup(this JsonObject obj) => SplitApiVersion(obj.GetApiVersion()).Group;

    public static string GetVersion(this JsonObject obj) => SplitApiVersion(obj.GetApiVersion()).Version;

    public static string GetName(this JsonObject obj) => obj.GetStringAt("metadata", "name") ?? "";

    public static string GetNamespace(this JsonObject obj) => obj.GetStringAt("metadata", "namespace") ?? "";

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    public static string? GetLabel(this JsonObject obj, string key) => obj.GetStringAt("metadata", "labels", key);

    public static string? GetAnnotation(this JsonObject obj, string key) => obj.GetStringAt("metadata", "annotations", key);

    public static void SetNamespace(this JsonObject obj, string ns) => obj.GetOrAddObject("metadata")["namespace"] = ns;

    public static void SetLabel(this JsonObject obj, string key, string value) =>
        obj.GetOrAddObject("metadata").GetOrAddObject("labels")[key] = value;

    public static void SetAnnotation(this JsonObject obj, string key, string value) =>
        obj.GetOrAddObject("metadata").GetOrAddObject("annotations")[key] = value;

    /// <summary>The node at a path of object keys, or null when any step is missing or not an object.</summary>
    public static JsonNode? GetAt(this JsonObject obj, params ReadOnlySpan<string> path)
    {
        JsonNode? current = obj;
        foreach (var key in path)
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? GetStringAt(this JsonObject obj, params ReadOnlySpan<string> path) =>
        obj.GetAt(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? GetInt64At(this JsonObject obj, params ReadOnlySpan<string> path) =>
        obj.GetAt(path) is JsonValue v ? JsonValues.TryGetInt64(v) : null;

    public static bool? GetBoolAt(this JsonObject obj, params ReadOnlySpan<string> path) =>
        obj.GetAt(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static JsonObject? GetObjectAt(this JsonObject obj, params ReadOnlySpan<string> path) => obj.GetAt(path) as JsonObject;

    public static JsonArray? GetArrayAt(this JsonObject obj, params ReadOnlySpan<string> path) => obj.GetAt(path) as JsonArray;

    public static JsonObject GetOrAddObject(this JsonObject obj, string key)
    {
        if (obj[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[key] = created;
        return created;
    }
}
