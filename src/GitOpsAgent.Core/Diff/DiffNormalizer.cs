using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Brings desired and live to the shape the API server would store, and drops what is never compared: server-owned
/// metadata, status, kubectl's last-applied annotation, apiVersion (the server converts versions).
/// </summary>
internal static class DiffNormalizer
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private static readonly string[] ServerMetadata =
        ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>Normalises a deep clone of each side.</summary>
    public static (JsonObject? Desired, JsonObject? Live) Normalize(JsonObject? desired, JsonObject? live, DiffOptions options)
    {
        var d = desired is null ? null : NormalizeOne((JsonObject)desired.DeepClone());
        var l = live is null ? null : NormalizeOne((JsonObject)live.DeepClone());
        // The namespace identifies the object (and is dropped by the server for cluster-scoped kinds): a side
        // without one is not a difference.
        if (d is not null && l is not null && (d.GetNamespace().Length == 0 || l.GetNamespace().Length == 0))
        {
            d.GetObjectAt("metadata")?.Remove("namespace");
            l.GetObjectAt("metadata")?.Remove("namespace");
        }

        if (options.IgnoreAggregatedRoles && (d?.ContainsKey("aggregationRule") == true || l?.ContainsKey("aggregationRule") == true))
        {
            d?.Remove("rules");
            l?.Remove("rules");
        }

        return (d, l);
    }

    private static JsonObject NormalizeOne(JsonObject obj)
    {
        var group = KubeObjectExtensions.SplitApiVersion(obj.GetStringAt("apiVersion") ?? "").Group;
        obj.Remove("status");
        obj.Remove("apiVersion");
        if (obj["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }

            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove(LastAppliedAnnotation);
                if (annotations.Count == 0) metadata.Remove("annotations");
            }
        }

        switch (obj.GetKind())
        {
            case "Secret" when group.Length == 0:
                NormalizeSecret(obj);
                break;
            case "Role" or "ClusterRole":
                if (obj["rules"] is JsonArray { Count: 0 }) obj.Remove("rules");
                break;
            case "Endpoints":
                NormalizeEndpoints(obj);
                break;
        }

        return obj;
    }

    /// <summary>stringData is written into data base64-encoded (stringData wins); null data values read as "".</summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret.GetOrAddObject("data");
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }

        secret.Remove("stringData");
        if (secret["data"] is JsonObject values)
        {
            foreach (var key in values.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                values[key] = "";
            }
        }
    }

    /// <summary>The endpoints controller orders addresses freely and defaults port protocols; compare them sorted.</summary>
    private static void NormalizeEndpoints(JsonObject endpoints)
    {
        if (endpoints["subsets"] is not JsonArray subsets) return;
        foreach (var subset in subsets.OfType<JsonObject>())
        {
            SortBy(subset, "addresses", a => a.GetStringAt("ip") ?? a.ToJsonString());
            SortBy(subset, "notReadyAddresses", a => a.GetStringAt("ip") ?? a.ToJsonString());
            if (subset["ports"] is JsonArray ports)
            {
                foreach (var port in ports.OfType<JsonObject>())
                {
                    if (!port.ContainsKey("protocol")) port["protocol"] = "TCP";
                }
            }

            SortBy(subset, "ports", p => p.ToJsonString());
        }

        SortBy(endpoints, "subsets", s => s.ToJsonString());
    }

    private static void SortBy(JsonObject owner, string field, Func<JsonObject, string> key)
    {
        if (owner[field] is not JsonArray list || !list.All(i => i is JsonObject)) return;
        var sorted = list.Cast<JsonObject>().OrderBy(key, StringComparer.Ordinal).Select(i => i.DeepClone()).ToList();
        owner[field] = new JsonArray([.. sorted]);
    }
}
