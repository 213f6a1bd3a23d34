using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>A dependency as Chart.yaml (or Chart.lock) lists it.</summary>
public sealed record ChartDependency(string Name, string Version, string Repository);

/// <summary>What the controller reads from a Chart.yaml (and a Chart.lock beside it): name, version, maintainers, dependencies.</summary>
public sealed record ChartMetadata(string Name, string Version, IReadOnlyList<string> Maintainers, IReadOnlyList<ChartDependency> Dependencies)
{
    /// <summary>Reads Chart.yaml text; errors name <paramref name="source"/>.</summary>
    public static ChartMetadata Parse(string text, string source)
    {
        var root = ReadMapping(text, source);
        var maintainers = (root["maintainers"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(m => Scalar(m["name"])).OfType<string>().Where(n => n.Length > 0).ToList();
        return new ChartMetadata(Scalar(root["name"]) ?? "", Scalar(root["version"]) ?? "", maintainers, ReadDependencies(root, source));
    }

    /// <summary>The dependencies a Chart.lock pins (exact versions), or an empty list.</summary>
    public static IReadOnlyList<ChartDependency> ParseLock(string text, string source) => ReadDependencies(ReadMapping(text, source), source);

    /// <summary>Reads CHART/Chart.yaml from disk.</summary>
    public static ChartMetadata Read(string chartDirectory, string shownAs)
    {
        var file = Path.Combine(chartDirectory, "Chart.yaml");
        if (!File.Exists(file))
        {
            throw new ChartSourceException(ChartFailureReason.InvalidArchive, $"{shownAs} has no Chart.yaml");
        }

        return Parse(ManifestText.Decode(File.ReadAllBytes(file), shownAs + "/Chart.yaml"), shownAs + "/Chart.yaml");
    }

    private static List<ChartDependency> ReadDependencies(JsonObject root, string source) =>
        (root["dependencies"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(d => new ChartDependency(Scalar(d["name"]) ?? "", Scalar(d["version"]) ?? "", Scalar(d["repository"]) ?? ""))
            .Select(d => d.Name.Length > 0 ? d : throw new ChartSourceException(ChartFailureReason.InvalidArchive, $"{source}: a dependency has no name"))
            .ToList();

    private static JsonObject ReadMapping(string text, string source)
    {
        try
        {
            var documents = YamlDocumentReader.Read(text, source);
            return documents.Count == 1 && documents[0].Root is JsonObject root
                ? root
                : throw new ChartSourceException(ChartFailureReason.InvalidArchive, $"{source} is not a YAML mapping");
        }
        catch (ManifestParseException ex)
        {
            throw new ChartSourceException(ChartFailureReason.InvalidArchive, ex.Message, ex);
        }
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue value ? value.ToString() : null;
}
