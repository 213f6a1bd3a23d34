using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Walks a kustomization and the local bases and components it refers to, before kustomize runs, and checks every
/// file or directory each one names: remote references (URLs, which kustomize would fetch, for bases and for files
/// such as patches alike) are refused unless allowed, and a local one must stay inside the repository. Kustomize's
/// own load restrictor only guards files; a base that is a kustomization directory may otherwise sit anywhere on disk.
/// </summary>
internal static class KustomizationReferenceCheck
{
    /// <summary>Lists of kustomizations (directories) or resource files.</summary>
    private static readonly string[] DirectoryOrFileLists = ["resources", "bases", "components"];

    /// <summary>Lists of files; an entry holding a line break is inline YAML, not a file.</summary>
    private static readonly string[] FileLists = ["crds", "configurations", "patchesStrategicMerge", "generators", "transformers", "validators"];

    /// <summary>Lists of objects whose "path" names a file.</summary>
    private static readonly string[] PathObjectLists = ["patches", "patchesJson6902", "replacements"];

    /// <summary>configMapGenerator and secretGenerator read "files" ([key=]path), "envs" and "env".</summary>
    private static readonly string[] GeneratorLists = ["configMapGenerator", "secretGenerator"];

    /// <summary>Helm inflation would make kustomize run helm, which may pull charts: it runs without --enable-helm, so say why here.</summary>
    private static readonly string[] HelmFields = ["helmCharts", "helmChartInflationGenerator", "helmGlobals"];

    private static readonly string[] RemotePrefixes =
        ["http://", "https://", "git@", "git::", "ssh://", "git://", "github.com/", "gitlab.com/", "bitbucket.org/", "oci://"];

    public static void Check(RepositorySandbox paths, string directory, bool allowRemote)
    {
        Walk(paths, directory, allowRemote, new HashSet<string>(StringComparer.Ordinal));
    }

    public static bool IsRemote(string reference) =>
        RemotePrefixes.Any(p => reference.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || reference.Contains("://", StringComparison.Ordinal)
        || reference.Contains("?ref=", StringComparison.Ordinal);

    private static void Walk(RepositorySandbox paths, string directory, bool allowRemote, HashSet<string> visited)
    {
        if (!visited.Add(RepositorySandbox.RealPath(directory)))
        {
            return;
        }

        var file = RendererDetection.FindKustomizationFile(directory);
        if (file is null)
        {
            // Not a kustomization: kustomize itself reports that, with its own words.
            return;
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
            return;
        }

        var reference = new ReferenceChecker(paths, directory, relativeFile, allowRemote);
        foreach (var field in HelmFields.Where(kustomization.ContainsKey))
        {
            throw new RenderException(
                RenderFailureReason.KustomizeFailed,
                $"{relativeFile}: {field} is not supported: kustomize runs without --enable-helm, so it never runs helm or pulls charts; render the chart with the Helm renderer (its own Application)");
        }

        foreach (var field in DirectoryOrFileLists)
        {
            foreach (var entry in Strings(kustomization[field]))
            {
                if (reference.Check(field, entry) is { } target && Directory.Exists(target))
                {
                    Walk(paths, target, allowRemote, visited);
                }
            }
        }

        foreach (var field in FileLists)
        {
            foreach (var entry in Strings(kustomization[field]).Where(e => !e.Contains('\n', StringComparison.Ordinal)))
            {
                reference.Check(field, entry);
            }
        }

        foreach (var field in PathObjectLists)
        {
            foreach (var entry in Objects(kustomization[field]))
            {
                reference.Check($"{field} path", entry.GetStringAt("path"));
            }
        }

        foreach (var field in GeneratorLists)
        {
            foreach (var generator in Objects(kustomization[field]))
            {
                foreach (var source in Strings(generator["files"]))
                {
                    var equals = source.IndexOf('=', StringComparison.Ordinal);
                    reference.Check($"{field} files", equals < 0 ? source : source[(equals + 1)..]);
                }

                foreach (var env in Strings(generator["envs"]).Append(generator.GetStringAt("env")))
                {
                    reference.Check($"{field} envs", env);
                }
            }
        }

        if (kustomization["openapi"] is JsonObject openApi)
        {
            reference.Check("openapi path", openApi.GetStringAt("path"));
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray entries
            ? entries.OfType<JsonValue>().Select(e => e.TryGetValue<string>(out var s) ? s : null).OfType<string>()
            : [];

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray entries ? entries.OfType<JsonObject>() : [];

    /// <summary>Checks the references of one kustomization file.</summary>
    private sealed class ReferenceChecker(RepositorySandbox paths, string directory, string relativeFile, bool allowRemote)
    {
        /// <summary>The local target's absolute path, or null for an empty or (allowed) remote reference.</summary>
        public string? Check(string field, string? reference)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                return null;
            }

            if (IsRemote(reference))
            {
                return allowRemote
                    ? null
                    : throw new RenderException(
                        RenderFailureReason.KustomizeFailed,
                        $"{relativeFile}: remote {field} entry \"{reference}\" is not allowed; vendor it into the repository, or allow remote bases in the controller and the Application");
            }

            try
            {
                return paths.Resolve(directory, reference, $"{relativeFile}: {field} entry");
            }
            catch (GitSourceException ex) when (ex.Reason == GitFailureReason.InvalidPath)
            {
                throw new RenderException(RenderFailureReason.PathOutsideRepository, $"{relativeFile}: {field} entry \"{reference}\" points outside the repository", ex);
            }
        }
    }
}
