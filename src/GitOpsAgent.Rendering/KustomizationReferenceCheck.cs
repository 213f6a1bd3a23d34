using GitOpsAgent.Git;
using GitOpsAgent.Rendering.Inputs;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Walks a kustomization and the local bases and components it refers to, before kustomize runs, and checks every
/// file or directory each one names: remote references (URLs, which kustomize would fetch, for bases and for files
/// such as patches alike) are refused unless allowed, and a local one must stay inside the repository. Kustomize's
/// own load restrictor only guards files; a base that is a kustomization directory may otherwise sit anywhere on disk.
/// </summary>
internal static class KustomizationReferenceCheck
{
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

        // Not a kustomization: kustomize itself reports that, with its own words.
        if (KustomizationReferences.Read(paths, directory) is not { } kustomization)
        {
            return;
        }

        // Helm inflation would make kustomize run helm, which may pull charts: it runs without --enable-helm, so say why here.
        foreach (var field in kustomization.HelmFields)
        {
            throw new RenderException(
                RenderFailureReason.KustomizeFailed,
                $"{kustomization.RelativePath}: {field} is not supported: kustomize runs without --enable-helm, so it never runs helm or pulls charts; render the chart with the Helm renderer (its own Application)");
        }

        foreach (var reference in kustomization.References)
        {
            if (Check(paths, directory, kustomization.RelativePath, reference, allowRemote) is { } target && reference.MayBeKustomization && Directory.Exists(target))
            {
                Walk(paths, target, allowRemote, visited);
            }
        }
    }

    /// <summary>The local target's absolute path, or null for an (allowed) remote reference.</summary>
    private static string? Check(RepositorySandbox paths, string directory, string relativeFile, KustomizationReference reference, bool allowRemote)
    {
        if (IsRemote(reference.Value))
        {
            return allowRemote
                ? null
                : throw new RenderException(
                    RenderFailureReason.KustomizeFailed,
                    $"{relativeFile}: remote {reference.Field} entry \"{reference.Value}\" is not allowed; vendor it into the repository, or allow remote bases in the controller and the Application");
        }

        try
        {
            return paths.Resolve(directory, reference.Value, $"{relativeFile}: {reference.Field} entry");
        }
        catch (GitSourceException ex) when (ex.Reason == GitFailureReason.InvalidPath)
        {
            throw new RenderException(RenderFailureReason.PathOutsideRepository, $"{relativeFile}: {reference.Field} entry \"{reference.Value}\" points outside the repository", ex);
        }
    }
}
