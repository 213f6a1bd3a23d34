using System.Text.Json.Nodes;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>The CustomResourceDefinition of the benchmark's Pipeline kind, with list-type markers where a real CRD would have them.</summary>
internal static class PipelineCrd
{
    public static JsonObject Definition() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "pipelines.ci.example.com" },
        ["spec"] = new JsonObject
        {
            ["group"] = "ci.example.com",
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["kind"] = "Pipeline", ["plural"] = "pipelines" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = Object(("spec", Spec()), ("status", Status())) },
            }),
        },
    };

    private static JsonObject Spec() => Object(
        ("schedule", String()),
        ("notifications", Object(("slack", Object(("channels", SetOf(String())))))),
        ("template", Object(
            ("metadata", Object(("labels", MapOf(String())))),
            ("spec", Object(
                ("serviceAccountName", String()),
                ("stages", ListMap("name", Object(
                    ("name", String()),
                    ("dependsOn", SetOf(String())),
                    ("steps", ListMap("name", Step()))))))))));

    private static JsonObject Step() => Object(
        ("name", String()),
        ("image", String()),
        ("command", ArrayOf(String())),
        ("timeout", String()),
        ("env", ListMap("name", Object(("name", String()), ("value", String())))),
        ("resources", Object(("requests", MapOf(String())), ("limits", MapOf(String())))),
        ("retry", Object(("limit", Integer()), ("backoff", Object(("initial", String()), ("max", String()), ("factor", Integer()))))),
        ("artifacts", Object(("outputs", ListMap("path", Object(("path", String()), ("retention", String())))))));

    private static JsonObject Status() => Object(
        ("observedGeneration", Integer()),
        ("lastRunTime", String()),
        ("conditions", ListMap("type", Object(("type", String()), ("status", String()), ("reason", String()), ("message", String())))));

    private static JsonObject Object(params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject MapOf(JsonObject values) => new() { ["type"] = "object", ["additionalProperties"] = values };

    private static JsonObject ArrayOf(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject SetOf(JsonObject items) => new() { ["type"] = "array", ["x-kubernetes-list-type"] = "set", ["items"] = items };

    private static JsonObject ListMap(string key, JsonObject items) => new()
    {
        ["type"] = "array",
        ["x-kubernetes-list-type"] = "map",
        ["x-kubernetes-list-map-keys"] = new JsonArray(key),
        ["items"] = items,
    };

    private static JsonObject String() => new() { ["type"] = "string" };

    private static JsonObject Integer() => new() { ["type"] = "integer" };
}
