using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Reads the .yaml, .yml and .json files of a directory (and its subdirectories when Recurse is set), in ordinal
/// order of their path, keeping those the include globs match and the exclude globs do not.
/// </summary>
internal static class PlainDirectoryRenderer
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public static async Task<IReadOnlyList<Manifest>> RenderAsync(
        RepositorySandbox paths, string directory, DirectorySource? options, long maxBytes, Core.Variables.VariableSet? substitutions, CancellationToken ct)
    {
        var result = new List<Manifest>();
        long total = 0;
        foreach (var full in SelectFiles(paths, directory, options))
        {
            paths.EnsureInside(full, "file");
            total += new FileInfo(full).Length;
            if (total > maxBytes)
            {
                throw new RenderException(RenderFailureReason.OutputTooLarge, $"the manifests under \"{paths.Relative(directory)}\" exceed {maxBytes} bytes");
            }

            try
            {
                var text = ManifestText.Decode(await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false), paths.Relative(full));
                text = Substitution.Apply(text, substitutions, paths.Relative(full));
                result.AddRange(ManifestReader.Read(text, paths.Relative(full)));
            }
            catch (ManifestParseException ex)
            {
                throw new RenderException(RenderFailureReason.InvalidManifest, ex.Message, ex);
            }
        }

        return result;
    }

    /// <summary>The manifest files the render reads, in the order it reads them (also the Application's inputs, see Inputs/).</summary>
    public static IReadOnlyList<string> SelectFiles(RepositorySandbox paths, string directory, DirectorySource? options)
    {
        var include = (options?.Include ?? []).Where(p => p.Length > 0).Select(p => new GlobPattern(p)).ToList();
        var exclude = (options?.Exclude ?? []).Where(p => p.Length > 0).Select(p => new GlobPattern(p)).ToList();
        var files = new List<(string Relative, string Full)>();
        Collect(paths, directory, directory, options?.Recurse == true, files, new HashSet<string>(StringComparer.Ordinal));
        return files
            .Where(f => (include.Count == 0 || include.Any(g => g.IsMatch(f.Relative))) && !exclude.Any(g => g.IsMatch(f.Relative)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => f.Full)
            .ToList();
    }

    private static void Collect(RepositorySandbox paths, string top, string directory, bool recurse, List<(string, string)> files, HashSet<string> visited)
    {
        // A symlinked directory that leads back up would loop forever.
        if (!visited.Add(RepositorySandbox.RealPath(directory)))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.'))
            {
                // .git, editor and tool folders are not manifests.
                continue;
            }

            var isDirectory = entry is DirectoryInfo || (entry.LinkTarget is not null && Directory.Exists(entry.FullName));
            if (isDirectory)
            {
                if (recurse)
                {
                    paths.EnsureInside(entry.FullName, "directory");
                    Collect(paths, top, entry.FullName, recurse, files, visited);
                }

                continue;
            }

            if (ManifestExtensions.Contains(Path.GetExtension(entry.Name), StringComparer.OrdinalIgnoreCase))
            {
                files.Add((Path.GetRelativePath(top, entry.FullName).Replace('\\', '/'), entry.FullName));
            }
        }
    }
}
