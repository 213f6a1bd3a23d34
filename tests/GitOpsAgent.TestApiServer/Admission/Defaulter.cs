using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>
/// The handful of API server defaults and normalisations this server applies (see README): they run after the
/// merge and belong to no manager.
/// </summary>
public sealed class Defaulter
{
    private int _nextClusterIp = 1;

    public void Apply(JsonObject obj, JsonObject? live)
    {
        var group = obj.GetGroup();
        var kind = obj.GetKind();
        if (group.Length == 0 && kind == "Service")
        {
            DefaultService(obj, live);
        }
        else if (group.Length == 0 && kind == "Secret")
        {
            FoldStringData(obj);
        }
        else if (group == "apps" && kind == "Deployment")
        {
            var spec = obj.GetOrAddObject("spec");
            spec.TryAdd("replicas", 1);
            spec.TryAdd("strategy", new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" } });
            spec.TryAdd("revisionHistoryLimit", 10);
            spec.TryAdd("progressDeadlineSeconds", 600);
        }
        else if (group == "apps" && kind is "StatefulSet" or "ReplicaSet")
        {
            obj.GetOrAddObject("spec").TryAdd("replicas", 1);
        }

        if (group is "" or "apps" or "batch")
        {
            foreach (var podSpec in PodSpecs(obj))
            {
                DefaultPodSpec(podSpec);
            }

            CanonicalizeQuantities(obj);
        }
    }

    /// <summary>Rejects changes to fields the real server keeps immutable (a small subset, see README).</summary>
    public static void Validate(JsonObject obj, JsonObject? live)
    {
        if (live is null)
        {
            return;
        }

        if (obj.GetGroup() == "batch" && obj.GetKind() == "Job"
            && !JsonNode.DeepEquals(obj.GetAt("spec", "template"), live.GetAt("spec", "template")))
        {
            throw ApiException.Invalid("batch", "Job", obj.GetName(), "spec.template", "field is immutable");
        }
    }

    private void DefaultService(JsonObject obj, JsonObject? live)
    {
        var spec = obj.GetOrAddObject("spec");
        spec.TryAdd("type", "ClusterIP");
        spec.TryAdd("sessionAffinity", "None");
        var liveIp = live?.GetStringAt("spec", "clusterIP");
        var ip = spec.GetStringAt("clusterIP");
        if (liveIp is not null && ip is not null && ip != liveIp)
        {
            throw ApiException.Invalid("", "Service", obj.GetName(), "spec.clusterIPs[0]", "Invalid value: []string{\"" + ip + "\"}: may not change once set");
        }

        if (ip is null && spec.GetStringAt("type") != "ExternalName")
        {
            ip = liveIp ?? $"10.96.{_nextClusterIp / 250}.{(_nextClusterIp++ % 250) + 1}";
            spec["clusterIP"] = ip;
        }

        if (ip is not null)
        {
            spec.TryAdd("clusterIPs", new JsonArray(ip));
        }

        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port.TryAdd("protocol", "TCP");
            if (port["port"] is { } number)
            {
                port.TryAdd("targetPort", number.DeepClone());
            }
        }
    }

    private static void FoldStringData(JsonObject obj)
    {
        obj.TryAdd("type", "Opaque");
        if (obj["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = obj.GetOrAddObject("data");
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        }

        obj.Remove("stringData");
    }

    private static IEnumerable<JsonObject> PodSpecs(JsonObject obj)
    {
        if (obj.GetKind() == "Pod" && obj.GetObjectAt("spec") is { } pod)
        {
            yield return pod;
        }

        if (obj.GetObjectAt("spec", "template", "spec") is { } template)
        {
            yield return template;
        }

        if (obj.GetObjectAt("spec", "jobTemplate", "spec", "template", "spec") is { } jobTemplate)
        {
            yield return jobTemplate;
        }
    }

    private static void DefaultPodSpec(JsonObject podSpec)
    {
        foreach (var listName in new[] { "containers", "initContainers" })
        {
            foreach (var container in (podSpec[listName] as JsonArray ?? []).OfType<JsonObject>())
            {
                var image = container.GetStringAt("image") ?? "";
                var lastSegment = image[(image.LastIndexOf('/') + 1)..];
                var tagged = lastSegment.Contains(':', StringComparison.Ordinal) || image.Contains('@', StringComparison.Ordinal);
                container.TryAdd("imagePullPolicy", !tagged || lastSegment.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent");
                container.TryAdd("terminationMessagePath", "/dev/termination-log");
                container.TryAdd("terminationMessagePolicy", "File");
                foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port.TryAdd("protocol", "TCP");
                }

            }
        }
    }

    /// <summary>
    /// Stores typed quantities canonically (built-in kinds only, as the real server's typed decoding does). Runs on
    /// applied configurations too, so "1000m" applied over a stored "1" is the same value, not a conflict.
    /// </summary>
    public static void CanonicalizeQuantities(JsonObject obj)
    {
        if (obj.GetGroup() is not ("" or "apps" or "batch"))
        {
            return;
        }

        foreach (var podSpec in PodSpecs(obj))
        {
            foreach (var listName in new[] { "containers", "initContainers" })
            {
                foreach (var container in (podSpec[listName] as JsonArray ?? []).OfType<JsonObject>())
                {
                    foreach (var section in new[] { "requests", "limits" })
                    {
                        if (container.GetObjectAt("resources", section) is { } quantities)
                        {
                            foreach (var name in quantities.Select(kv => kv.Key).ToList())
                            {
                                if (quantities[name] is JsonValue v && v.TryGetValue<string>(out var text))
                                {
                                    quantities[name] = Quantity.Canonicalize(text);
                                }
                                else if (quantities[name] is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                                {
                                    quantities[name] = Quantity.Canonicalize(number.ToJsonString());
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
