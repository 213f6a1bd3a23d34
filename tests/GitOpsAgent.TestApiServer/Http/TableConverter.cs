using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Discovery;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// meta.k8s.io/v1 Table answers, so `kubectl get` prints what it prints on a real cluster: a CRD's
/// additionalPrinterColumns (dotted paths and equality filters), the usual columns of the common built-in kinds, else Age.
/// </summary>
public static class TableConverter
{
    public static bool Wanted(string? accept) => accept?.Contains("as=Table", StringComparison.Ordinal) == true;

    public static IReadOnlyList<PrinterColumn> ColumnsOf(ResourceType type, JsonObject? crd)
    {
        if (crd is null)
        {
            return BuiltinPrinterColumns.For(type.Group, type.Kind);
        }

        var version = (crd.GetArrayAt("spec", "versions") ?? []).OfType<JsonObject>().FirstOrDefault(v => v.GetStringAt("name") == type.Version);
        var columns = (version?.GetArrayAt("additionalPrinterColumns") ?? []).OfType<JsonObject>().Select(FromCrd).ToList();
        return columns.Count > 0 ? columns : [BuiltinPrinterColumns.Age];
    }

    public static JsonObject Convert(IReadOnlyList<PrinterColumn> columns, IReadOnlyList<JsonObject> objects, string resourceVersion, DateTimeOffset now)
    {
        var definitions = new JsonArray(Definition("Name", "string", "name", 0));
        foreach (var column in columns)
        {
            definitions.Add(Definition(column.Name, column.Type, "", column.Priority));
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(obj.GetName());
            foreach (var column in columns)
            {
                cells.Add(column.Cell(obj, now));
            }

            var metadata = (JsonObject)(obj["metadata"]?.DeepClone() ?? new JsonObject());
            metadata.Remove("managedFields");
            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata },
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

    private static PrinterColumn FromCrd(JsonObject column)
    {
        var path = new PrinterColumnPath(column.GetStringAt("jsonPath") ?? "");
        var type = column.GetStringAt("type") ?? "string";
        return new PrinterColumn(
            column.GetStringAt("name") ?? "",
            type,
            (obj, now) => type == "date" ? Age(path.Evaluate(obj), now) : path.Evaluate(obj)?.DeepClone(),
            (int)(column.GetInt64At("priority") ?? 0));
    }

    /// <summary>Like kubectl's duration.HumanDuration, roughly: 45s, 5m, 3h, 2d; "" for no time.</summary>
    public static JsonNode? Age(JsonNode? timestamp, DateTimeOffset now)
    {
        if (timestamp is not JsonValue v || !DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return "<unknown>";
        }

        var age = now - at < TimeSpan.Zero ? TimeSpan.Zero : now - at;
        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    private static JsonObject Definition(string name, string type, string format, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = "",
        ["priority"] = priority,
    };
}
