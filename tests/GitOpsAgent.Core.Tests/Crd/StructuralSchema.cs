using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>
/// The rules apiextensions.k8s.io/v1 applies to a CRD schema (structural schema, metadata, defaults) and a check of
/// printer columns; each returns the violations, empty when the schema keeps the rule.
/// </summary>
internal static partial class StructuralSchema
{
    private static readonly string[] ObjectMetaColumns = ["name", "namespace", "creationTimestamp", "generation", "labels", "annotations", "uid"];

    public static IEnumerable<string> UntypedNodes(JsonObject schema) =>
        Nodes(schema, "").Where(n => n.Node["type"] is null
            && n.Node["x-kubernetes-int-or-string"]?.GetValue<bool>() != true
            && n.Node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true).Select(n => $"{n.Path}: no type");

    public static IEnumerable<string> PropertiesWithAdditionalProperties(JsonObject schema) =>
        Nodes(schema, "").Where(n => n.Node["properties"] is not null && n.Node["additionalProperties"] is not null)
            .Select(n => $"{n.Path}: properties and additionalProperties together");

    public static IEnumerable<string> MetadataViolations(JsonObject schema)
    {
        if (schema.GetObjectAt("properties", "metadata") is not { } metadata)
        {
            yield break;
        }

        if (metadata.GetStringAt("type") != "object")
        {
            yield return ".metadata: must be of type object";
        }

        foreach (var (name, child) in metadata.GetObjectAt("properties") ?? [])
        {
            if (name is not ("name" or "generateName"))
            {
                yield return $".metadata.{name}: only name and generateName may be specified";
            }
            else if ((child as JsonObject)?["properties"] is not null)
            {
                yield return $".metadata.{name}: must not have nested properties";
            }
        }
    }

    public static IEnumerable<string> InvalidDefaults(JsonObject schema)
    {
        foreach (var (path, node) in Nodes(schema, "").Where(n => n.Node.ContainsKey("default")))
        {
            var withoutDefault = (JsonObject)node.DeepClone();
            withoutDefault.Remove("default");
            foreach (var error in OpenApiSubsetValidator.Validate(node["default"]?.DeepClone(), withoutDefault))
            {
                yield return $"{path} default: {error}";
            }
        }
    }

    /// <summary>Columns whose jsonPath is not a field of the schema (or of ObjectMeta), or whose type does not match it.</summary>
    public static IEnumerable<string> BrokenPrinterColumns(JsonObject version)
    {
        var schema = version.GetObjectAt("schema", "openAPIV3Schema")!;
        foreach (var column in version.GetArrayAt("additionalPrinterColumns")?.OfType<JsonObject>() ?? [])
        {
            var name = column.GetStringAt("name");
            var jsonPath = column.GetStringAt("jsonPath") ?? "";
            // Dotted fields, each optionally filtering a list by equality: .status.conditions[?(@.type=="Ready")].status
            var steps = PrinterPathStep().Matches(jsonPath);
            if (!jsonPath.StartsWith('.') || string.Concat(steps.Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value)) != jsonPath)
            {
                yield return $"column {name}: {jsonPath} is not a .a.b path (with optional [?(@.key==\"value\")] filters)";
                continue;
            }

            var segments = steps.Cast<System.Text.RegularExpressions.Match>().Select(m => m.Groups["field"].Value).ToArray();
            if (segments[0] == "metadata")
            {
                // A CRD does not spell ObjectMeta out; its standard fields are what can be printed.
                if (segments.Length < 2 || !ObjectMetaColumns.Contains(segments[1]))
                {
                    yield return $"column {name}: {jsonPath} is not an ObjectMeta field";
                }

                continue;
            }

            var node = schema;
            foreach (System.Text.RegularExpressions.Match step in steps)
            {
                node = node?.GetObjectAt("properties", step.Groups["field"].Value);
                if (step.Groups["key"].Success)
                {
                    // A filter selects an item of a list whose items have that key.
                    node = node?.GetStringAt("type") == "array" && node.GetObjectAt("items", "properties", step.Groups["key"].Value) is not null
                        ? node.GetObjectAt("items")
                        : null;
                }
            }

            var expectedType = column.GetStringAt("type") == "date" ? "string" : column.GetStringAt("type");
            if (node is null)
            {
                yield return $"column {name}: {jsonPath} is not in the schema";
            }
            else if (node.GetStringAt("type") != expectedType)
            {
                yield return $"column {name}: {jsonPath} is {node.GetStringAt("type")}, not {expectedType}";
            }
        }
    }

    /// <summary>Every schema node with the path to it: properties, items and additionalProperties, depth first.</summary>
    public static IEnumerable<(string Path, JsonObject Node)> Nodes(JsonObject node, string path)
    {
        yield return (path.Length == 0 ? "<root>" : path, node);
        foreach (var (name, child) in node.GetObjectAt("properties") ?? [])
        {
            foreach (var nested in Nodes((JsonObject)child!, $"{path}.{name}"))
            {
                yield return nested;
            }
        }

        if (node.GetObjectAt("items") is { } items)
        {
            foreach (var nested in Nodes(items, $"{path}[]"))
            {
                yield return nested;
            }
        }

        if (node.GetObjectAt("additionalProperties") is { } additional)
        {
            foreach (var nested in Nodes(additional, $"{path}.*"))
            {
                yield return nested;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("""\.(?<field>[A-Za-z0-9_]+)(\[\?\(@\.(?<key>[A-Za-z0-9_]+)==["'][^"']*["']\)\])?""")]
    private static partial System.Text.RegularExpressions.Regex PrinterPathStep();
}
