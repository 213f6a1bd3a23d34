using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// The JSONPath subset CRDs use in additionalPrinterColumns: dotted fields and list filters by equality
/// (`.status.conditions[?(@.type=="Ready")].status`), as the real API server evaluates them (first match wins).
/// A path outside this subset is refused when the column is read, so a CRD cannot silently print nothing here.
/// </summary>
internal sealed partial class PrinterColumnPath
{
    private readonly List<Func<JsonNode?, JsonNode?>> _steps = [];

    public PrinterColumnPath(string path)
    {
        var rest = path.Trim();
        while (rest.Length > 0)
        {
            var filter = FilterPattern().Match(rest);
            var field = FieldPattern().Match(rest);
            if (filter.Success)
            {
                var (key, value) = (filter.Groups["key"].Value, filter.Groups["value"].Value);
                _steps.Add(node => (node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(item => item[key] is JsonValue v && v.ToString() == value));
                rest = rest[filter.Length..];
            }
            else if (field.Success)
            {
                var name = field.Groups["name"].Value;
                _steps.Add(node => (node as JsonObject)?[name]);
                rest = rest[field.Length..];
            }
            else
            {
                throw new ArgumentException($"printer column jsonPath \"{path}\" is outside the supported subset at \"{rest}\"", nameof(path));
            }
        }
    }

    public JsonNode? Evaluate(JsonObject obj)
    {
        JsonNode? node = obj;
        foreach (var step in _steps)
        {
            node = step(node);
        }

        return node;
    }

    [GeneratedRegex("""^\[\?\(@\.(?<key>[A-Za-z0-9_]+)\s*==\s*["'](?<value>[^"']*)["']\)\]""")]
    private static partial Regex FilterPattern();

    [GeneratedRegex("^\\.(?<name>[A-Za-z0-9_-]+)")]
    private static partial Regex FieldPattern();
}
