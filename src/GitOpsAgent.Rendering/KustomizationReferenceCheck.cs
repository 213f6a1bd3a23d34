using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Walks a kustomization and the local bases and components it refers to, before kustomize runs: remote bases (URLs)
/// are refused unless allowed, and a base directory outside the repository is refused. Kustomize's own load
/// restrictor only guards files; a base that is a kustomization directory may otherwise sit anywhere on disk.
/// </summary>
internal static class KustomizationReferenceCheck
{
    private static readonly string[] ReferenceFields = ["resources", "bases", "components"];

    private static readonly string[] RemotePrefixes =
        ["http://", "https://", "git@", "git::", "ssh://", "git://", "github.com/", "gitlab.com/", "bitbucket.org/", "oci://"];

    public static void Check(RepositoryPaths paths, string directory, bool allowRemote)
    {
        Walk(paths, directory, allowRemote, new HashSet<string>(StringComparer.Ordinal));
    }

    public static bool IsRemote(string reference) =>
        RemotePrefixes.Any(p => reference.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || reference.Contains("://", StringComparison.Ordinal)
        || reference.Contains("?ref=", StringComparison.Ordinal);

    private static void Walk(RepositoryPaths paths, string directory, bool allowRemote, HashSet<string> visited)
    {
        if (!visited.Add(RepositoryPaths.RealPath(directory)))
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
            documents = YamlDocumentReader.Read(File.ReadAllText(file), relativeFile);
        }
        catch (ManifestParseException ex)
        {
            throw new RenderException(RenderFailureReason.InvalidManifest, ex.Message, ex);
        }

        if (documents.Count == 0 || documents[0].Root is not JsonObject kustomization)
        {
            return;
        }

        foreach (var field in ReferenceFields)
        {
            if (kustomization[field] is not JsonArray entries)
            {
                continue;
            }

            foreach (var entry in entries.OfType<JsonValue>())
            {
                if (!entry.TryGetValue<string>(out var reference) || reference.Length == 0)
                {
                    continue;
                }

                if (IsRemote(reference))
                {
                    if (!allowRemote)
                    {
                        throw new RenderException(
                            RenderFailureReason.KustomizeFailed,
                            $"{relativeFile}: remote {field} entry \"{reference}\" is not allowed; vendor it into the repository, or allow remote bases in the controller and the Application");
                    }

                    continue;
                }

                string target;
                try
                {
                    target = paths.Resolve(directory, reference, $"{relativeFile}: {field} entry");
                }
                catch (RenderException ex) when (ex.Reason == RenderFailureReason.PathOutsideRepository)
                {
                    throw new RenderException(RenderFailureReason.PathOutsideRepository, $"{relativeFile}: {field} entry \"{reference}\" points outside the repository", ex);
                }

                if (Directory.Exists(target))
                {
                    Walk(paths, target, allowRemote, visited);
                }
            }
        }
    }
}
