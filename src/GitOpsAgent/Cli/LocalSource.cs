using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Cli;

/// <summary>
/// What the render and diff verbs read: a manifest file, a directory, or a Git URL (cloned into a temporary cache),
/// rendered the way the controller renders an Application.
/// </summary>
public static class LocalSource
{
    public static async Task<IReadOnlyList<Manifest>> RenderAsync(string source, string? revision, string? path, string? renderer, string? destinationNamespace, CancellationToken ct)
    {
        if (File.Exists(source))
        {
            var file = Path.GetFullPath(source);
            var objects = ManifestReader.Read(ManifestText.Decode(await File.ReadAllBytesAsync(file, ct), source), source);
            return ManifestPostProcessor.Process(objects, destinationNamespace, BuiltinResourceScope.Instance);
        }

        if (Directory.Exists(source))
        {
            // Inside a Git work tree the repository is the root, as for the controller: overlays may reach ../../base.
            var directory = Path.GetFullPath(source);
            var root = FindWorkTreeRoot(directory) ?? directory;
            RepositoryPath.ResolveInside(directory, string.IsNullOrEmpty(path) ? "." : path);
            var relative = Path.GetRelativePath(root, Path.Combine(directory, string.IsNullOrEmpty(path) ? "." : path));
            return await RenderDirectoryAsync(root, new ApplicationSource { RepoURL = source, Path = relative, Renderer = renderer }, destinationNamespace, ct);
        }

        if (!LooksLikeGitUrl(source))
        {
            throw new FileNotFoundException($"{source}: no such file or directory, and not a Git URL");
        }

        var appSource = new ApplicationSource { RepoURL = source, TargetRevision = revision, Path = path, Renderer = renderer };
        using var git = new CliGit(source);
        var (checkout, _) = await git.CheckoutAsync(source, revision, null, ct);
        return await RenderDirectoryAsync(checkout.Directory, appSource, destinationNamespace, ct);
    }

    private static async Task<IReadOnlyList<Manifest>> RenderDirectoryAsync(string root, ApplicationSource source, string? destinationNamespace, CancellationToken ct)
    {
        var relative = string.IsNullOrEmpty(source.Path) ? "." : source.Path;
        RepositoryPath.ResolveInside(root, relative);
        var renderer = new ManifestRenderer(new ManifestRendererOptions());
        var result = await renderer.RenderAsync(new RenderRequest(root, relative, source, destinationNamespace), BuiltinResourceScope.Instance, ct);
        return result.Objects;
    }

    /// <summary>The nearest ancestor holding .git (a directory, or a file in worktrees and submodules), or null.</summary>
    private static string? FindWorkTreeRoot(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static bool LooksLikeGitUrl(string source) =>
        source.Contains("://", StringComparison.Ordinal) || (source.Contains('@', StringComparison.Ordinal) && source.Contains(':', StringComparison.Ordinal));
}
