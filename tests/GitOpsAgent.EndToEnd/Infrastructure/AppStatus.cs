using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>Reads of an Application's status the new scenarios share.</summary>
public static class AppStatus
{
    public static JsonObject? Condition(JsonObject? app, string type) =>
        (app?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>().FirstOrDefault(c => c.GetStringAt("type") == type);

    public static bool HasCondition(JsonObject? app, string type, string status, string? reason = null) =>
        Condition(app, type) is { } c && c.GetStringAt("status") == status && (reason is null || c.GetStringAt("reason") == reason);

    /// <summary>The Kinds of status.operationState.resources, in the order the sync applied them.</summary>
    public static List<string> OperationKinds(JsonObject? app) =>
        (app?.GetArrayAt("status", "operationState", "resources") ?? []).OfType<JsonObject>().Select(r => r.GetStringAt("kind") ?? "").ToList();

    public static async Task<List<JsonObject>> EventsAsync(ClusterTarget cluster, string ns, string appName) =>
        (await cluster.Client.ListAllAsync("v1", "Event", ns, new Kubernetes.ListOptions(), default)).Items
            .Where(e => e.GetStringAt("involvedObject", "kind") == "Application" && e.GetStringAt("involvedObject", "name") == appName)
            .ToList();
}
