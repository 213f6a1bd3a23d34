using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>What the apiextensions controller would do at once: accept a CRD's names and mark it Established.</summary>
public static class CustomResourceDefinitions
{
    public static void Establish(JsonObject obj)
    {
        if (obj.GetGroup() != "apiextensions.k8s.io" || obj.GetKind() != "CustomResourceDefinition")
        {
            return;
        }

        var now = obj.GetStringAt("metadata", "creationTimestamp") ?? "";
        var storage = (obj.GetArrayAt("spec", "versions") ?? []).OfType<JsonObject>()
            .Where(v => v.GetBoolAt("storage") == true).Select(v => JsonValue.Create(v.GetStringAt("name"))).ToArray();
        obj["status"] = new JsonObject
        {
            ["acceptedNames"] = obj.GetObjectAt("spec", "names")?.DeepClone() ?? new JsonObject(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(storage),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
