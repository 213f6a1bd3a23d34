using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>The columns a real API server prints for the common built-in kinds (others get Name and Age).</summary>
public static class BuiltinPrinterColumns
{
    public static PrinterColumn Age { get; } = new("Age", "string", (obj, now) => TableConverter.Age(obj.GetAt("metadata", "creationTimestamp"), now));

    public static IReadOnlyList<PrinterColumn> For(string group, string kind) => (group, kind) switch
    {
        ("apps", "Deployment") =>
        [
            new("Ready", "string", (o, _) => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"),
            new("Up-to-date", "integer", (o, _) => Int(o, "status", "updatedReplicas")),
            new("Available", "integer", (o, _) => Int(o, "status", "availableReplicas")),
            Age,
        ],
        ("apps", "StatefulSet") => [new("Ready", "string", (o, _) => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"), Age],
        ("apps", "ReplicaSet") =>
        [
            new("Desired", "integer", (o, _) => Int(o, "spec", "replicas")),
            new("Current", "integer", (o, _) => Int(o, "status", "replicas")),
            new("Ready", "integer", (o, _) => Int(o, "status", "readyReplicas")),
            Age,
        ],
        ("", "Service") =>
        [
            new("Type", "string", (o, _) => o.GetStringAt("spec", "type")),
            new("Cluster-IP", "string", (o, _) => o.GetStringAt("spec", "clusterIP") ?? "<none>"),
            new("External-IP", "string", (o, _) => o.GetArrayAt("status", "loadBalancer", "ingress")?.FirstOrDefault()?["ip"]?.ToString() ?? "<none>"),
            new("Port(s)", "string", (o, _) => Ports(o)),
            Age,
        ],
        ("", "ConfigMap") => [new("Data", "integer", (o, _) => (o.GetObjectAt("data")?.Count ?? 0) + (o.GetObjectAt("binaryData")?.Count ?? 0)), Age],
        ("", "Secret") => [new("Type", "string", (o, _) => o.GetStringAt("type")), new("Data", "integer", (o, _) => o.GetObjectAt("data")?.Count ?? 0), Age],
        ("", "Namespace") => [new("Status", "string", (o, _) => o.GetStringAt("status", "phase")), Age],
        ("", "Pod") =>
        [
            new("Ready", "string", (o, _) => $"{(o.GetArrayAt("status", "containerStatuses") ?? []).Count(c => c?["ready"]?.GetValue<bool>() == true)}/{o.GetArrayAt("spec", "containers")?.Count ?? 0}"),
            new("Status", "string", (o, _) => o.GetStringAt("status", "phase") ?? "Pending"),
            new("Restarts", "integer", (_, _) => 0),
            Age,
        ],
        _ => [Age],
    };

    private static long Int(JsonObject obj, params string[] path) => obj.GetInt64At(path) ?? 0;

    private static string Ports(JsonObject service)
    {
        var ports = (service.GetArrayAt("spec", "ports") ?? []).OfType<JsonObject>()
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.GetInt64At("port")}/{p.GetStringAt("protocol") ?? "TCP"}")).ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }
}
