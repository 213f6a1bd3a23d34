using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Discovery;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// meta.k8s.io/v1 Table answers for custom resources, with their CRD's additionalPrinterColumns (simple dotted
/// jsonPaths only), so `kubectl get` shows the same columns as on a real cluster. Built-in kinds answer plain JSON.
/// </summary>
public static class TableConverter
{
    public static bool Wanted(string? accept) => accept?.Contains("as=Table", StringComparison.Ordinal) == true;

    public static JsonObject Convert(ResourceType type, JsonObject? crd, IReadOnlyList<JsonObject> objects, string resourceVersion, DateTimeOffset now)
    {
        var version = (crd?.GetArrayAt("spec", "versions") ?? []).OfType<JsonObject>().FirstOrDefault(v => v.GetStringAt("name") == type.Version);
        var printerColumns = (version?.GetArrayAt("additionalPrinterColumns") ?? []).OfType<JsonObject>().ToList();
        if (printerColumns.Count == 0)
        {
            printerColumns.Add(new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp" });
        }

        var definitions = new JsonArray(Column("Name", "string", "name", 0));
        foreach (var column in printerColumns)
        {
            definitions.Add(Column(column.GetStringAt("name") ?? "", column.GetStringAt("type") ?? "string", "", (int)(column.GetInt64At("priority") ?? 0)));
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(obj.GetName());
            foreach (var column in printerColumns)
            {
                var value = obj.GetAt((column.GetStringAt("jsonPath") ?? "").TrimStart('.').Split('.'));
                cells.Add(column.GetStringAt("type") == "date" && value is JsonValue v && DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? Age(now - at)
                    : value?.DeepClone());
            }

            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = PartialMetadata(obj),
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonObject PartialMetadata(JsonObject obj)
    {
        var metadata = (JsonObject)(obj["metadata"]?.DeepClone() ?? new JsonObject());
        metadata.Remove("managedFields");
        return metadata;
    }

    private static JsonObject Column(string name, string type, string format, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = "",
        ["priority"] = priority,
    };

    /// <summary>Like kubectl's duration.HumanDuration, roughly: 45s, 5m, 3h, 2d.</summary>
    private static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
