using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Before helm runs: a values.schema.json (of the chart, a subchart directory or a packaged .tgz subchart, at any
/// depth) whose $ref, $dynamicRef, $recursiveRef or $schema names anything but the same document or a standard draft
/// makes helm fetch a URL or read a file of the chart author's choice (http, https, file:, absolute paths). Such a
/// chart is refused unless the Application allows it.
/// </summary>
internal static class HelmSchemaReferenceCheck
{
    private const string SchemaFile = "values.schema.json";

    /// <summary>Helm's own limit on a decompressed chart archive; past it helm refuses the chart anyway.</summary>
    private const long MaxArchiveBytes = 100 * 1024 * 1024;

    private const int MaxArchiveNesting = 10;

    private const int MaxSchemaDepth = 256;

    private static readonly string[] ReferenceKeywords = ["$ref", "$dynamicRef", "$recursiveRef"];

    private static readonly HashSet<string> StandardMetaSchemas = new(
        from draft in new[] { "draft-03/schema", "draft-04/schema", "draft-06/schema", "draft-07/schema", "draft/2019-09/schema", "draft/2020-12/schema" }
        from scheme in new[] { "http", "https" }
        from suffix in new[] { "", "#" }
        select $"{scheme}://json-schema.org/{draft}{suffix}",
        StringComparer.Ordinal);

    public static void Check(RepositorySandbox paths, string chartDirectory)
    {
        CheckChartDirectory(paths, chartDirectory, new HashSet<string>(StringComparer.Ordinal));
    }

    private static void CheckChartDirectory(RepositorySandbox paths, string chart, HashSet<string> visited)
    {
        if (!visited.Add(RepositorySandbox.RealPath(chart)))
        {
            return;
        }

        var schema = Path.Combine(chart, SchemaFile);
        if (File.Exists(schema))
        {
            CheckSchema(File.ReadAllBytes(schema), paths.Relative(schema));
        }

        var subcharts = Path.Combine(chart, "charts");
        if (!Directory.Exists(subcharts))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(subcharts).Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(entry))
            {
                CheckChartDirectory(paths, entry, visited);
            }
            else if (entry.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            {
                using var file = File.OpenRead(entry);
                CheckArchive(file, paths.Relative(entry), 0);
            }
        }
    }

    /// <summary>A packaged chart: NAME/values.schema.json, NAME/charts/SUB/values.schema.json, NAME/charts/*.tgz (read in turn), ...</summary>
    private static void CheckArchive(Stream compressed, string archiveName, int nesting)
    {
        if (nesting > MaxArchiveNesting)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"{archiveName}: charts are nested more than {MaxArchiveNesting} archives deep");
        }

        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var limited = new ReadLimitStream(gzip, MaxArchiveBytes, archiveName);
            using var reader = new TarReader(limited);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                var segments = entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (IsChartFile(segments, name => name == SchemaFile))
                {
                    CheckSchema(ReadAll(entry.DataStream), $"{archiveName}:{entry.Name}");
                }
                else if (IsChartFile(segments, name => name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase), inCharts: true))
                {
                    using var nested = new MemoryStream(ReadAll(entry.DataStream));
                    CheckArchive(nested, $"{archiveName}:{entry.Name}", nesting + 1);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"{archiveName}: not a readable chart archive: {ex.Message}", ex);
        }
    }

    /// <summary>NAME/(charts/SUB/)*FILE, or with <paramref name="inCharts"/> NAME/(charts/SUB/)*charts/FILE.</summary>
    private static bool IsChartFile(string[] segments, Func<string, bool> fileMatches, bool inCharts = false)
    {
        var prefix = segments.Length - 1 - (inCharts ? 1 : 0);
        if (prefix < 1 || prefix % 2 != 1 || !fileMatches(segments[^1]) || (inCharts && segments[^2] != "charts"))
        {
            return false;
        }

        for (var i = 1; i < prefix; i += 2)
        {
            if (segments[i] != "charts")
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckSchema(byte[] json, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxSchemaDepth });
        }
        catch (JsonException ex)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"{name}: not valid JSON ({ex.Message}), so its references cannot be checked");
        }

        using (document)
        {
            if (FindExternalReference(document.RootElement) is { } found)
            {
                throw new RenderException(
                    RenderFailureReason.HelmFailed,
                    $"{name}: {found.Keyword} \"{found.Value}\" would make helm fetch or read it while rendering; "
                    + "only references within the same schema (\"#/...\") are allowed unless the Application sets spec.source.helm.allowRemoteSchemaReferences");
            }
        }
    }

    private static (string Keyword, string Value)? FindExternalReference(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && IsExternal(property.Name, property.Value.GetString()!))
                    {
                        return (property.Name, property.Value.GetString()!);
                    }

                    if (FindExternalReference(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindExternalReference(item) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsExternal(string keyword, string value) =>
        keyword == "$schema" ? !StandardMetaSchemas.Contains(value) : ReferenceKeywords.Contains(keyword) && !value.StartsWith('#');

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
