using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering.Inputs;

/// <summary>One path a kustomization names: the field it sits in, the text, and whether it may be a kustomization directory.</summary>
internal sealed record KustomizationReference(string Field, string Value, bool MayBeKustomization);

/// <summary>A kustomization file read for what it refers to; <see cref="HelmFields"/> names the helm inflation fields it uses.</summary>
internal sealed record KustomizationFile(string FullPath, string RelativePath, IReadOnlyList<KustomizationReference> References, IReadOnlyList<string> HelmFields);

/// <summary>
/// Every file or directory a kustomization names (resources, bases, components, patches, generators' files and envs,
/// openapi, ...), read from the file itself. The one reader behind the pre-render reference check and the inputs
/// collector, so both walk the same references.
/// </summary>
internal static class KustomizationReferences
{
    /// <summary>Lists of kustomizations (directories) or resource files.</summary>
    private static readonly string[] DirectoryOrFileLists = ["resources", "bases", "components"];

    /// <summary>Lists of files; an entry holding a line break is inline YAML, not a file.</summary>
    private static readonly string[] FileLists = ["crds", "configurations", "patchesStrategicMerge", "generators", "transformers", "validators"];

    /// <summary>Lists of objects whose "path" names a file.</summary>
    private static readonly string[] PathObjectLists = ["patches", "patchesJson6902", "replacements"];

    /// <summary>configMapGenerator and secretGenerator read "files" ([key=]path), "envs" and "env".</summary>
    private static readonly string[] GeneratorLists = ["configMapGenerator", "secretGenerator"];

    private static readonly string[] HelmFieldNames = ["helmCharts", "helmChartInflationGenerator", "helmGlobals"];

    /// <summary>The kustomization in <paramref name="directory"/>, or null when it holds none. A file that does not parse is an InvalidManifest failure.</summary>
    public static KustomizationFile? Read(RepositorySandbox paths, string directory)
    {
        var file = RendererDetection.FindKustomizationFile(directory);
        if (file is null)
        {
            return null;
        }

        var relativeFile = paths.Relative(file);
        IReadOnlyList<YamlDocument> documents;
        try
        {
            documents = YamlDocumentReader.Read(ManifestText.Decode(File.ReadAllBytes(file), relativeFile), relativeFile);
        }
        catch (ManifestParseException ex)
        {
            throw new RenderException(RenderFailureReason.InvalidManifest, ex.Message, ex);
        }

        if (documents.Count == 0 || documents[0].Root is not JsonObject kustomization)
        {
            return new KustomizationFile(file, relativeFile, [], []);
        }

        var references = new List<KustomizationReference>();
        foreach (var field in DirectoryOrFileLists)
        {
            references.AddRange(Strings(kustomization[field]).Select(entry => new KustomizationReference(field, entry, MayBeKustomization: true)));
        }

        foreach (var field in FileLists)
        {
            references.AddRange(Strings(kustomization[field]).Where(e => !e.Contains('\n', StringComparison.Ordinal)).Select(entry => new KustomizationReference(field, entry, false)));
        }

        foreach (var field in PathObjectLists)
        {
            references.AddRange(Objects(kustomization[field]).Select(entry => new KustomizationReference($"{field} path", entry.GetStringAt("path") ?? "", false)));
        }

        foreach (var field in GeneratorLists)
        {
            foreach (var generator in Objects(kustomization[field]))
            {
                foreach (var source in Strings(generator["files"]))
                {
                    var equals = source.IndexOf('=', StringComparison.Ordinal);
                    references.Add(new KustomizationReference($"{field} files", equals < 0 ? source : source[(equals + 1)..], false));
                }

                foreach (var env in Strings(generator["envs"]).Append(generator.GetStringAt("env")).OfType<string>())
                {
                    references.Add(new KustomizationReference($"{field} envs", env, false));
                }
            }
        }

        if (kustomization["openapi"] is JsonObject openApi && openApi.GetStringAt("path") is { } openApiPath)
        {
            references.Add(new KustomizationReference("openapi path", openApiPath, false));
        }

        return new KustomizationFile(
            file,
            relativeFile,
            references.Where(r => !string.IsNullOrWhiteSpace(r.Value)).ToList(),
            HelmFieldNames.Where(kustomization.ContainsKey).ToList());
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray entries
            ? entries.OfType<JsonValue>().Select(e => e.TryGetValue<string>(out var s) ? s : null).OfType<string>()
            : [];

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray entries ? entries.OfType<JsonObject>() : [];
}
